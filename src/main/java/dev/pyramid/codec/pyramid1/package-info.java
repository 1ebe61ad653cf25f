/**
 * The first pyramid vectors format, {@link dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat} ({@code "Pyramid1"}).
 *
 * <h2>Files</h2>
 * <table>
 *   <caption>Files per segment and field group (the per-field format adds its usual suffix)</caption>
 *   <tr><th>Extension</th><th>Written by</th><th>Content</th></tr>
 *   <tr><td>{@code .vemf}</td><td>{@code Lucene99FlatVectorsFormat}</td>
 *       <td>flat vector metadata: per field its number, encoding, similarity, dimension, offsets, ordinal-to-doc map</td></tr>
 *   <tr><td>{@code .vec}</td><td>{@code Lucene99FlatVectorsFormat}</td>
 *       <td>the full-precision level: float32 vectors in ordinal order, little-endian</td></tr>
 * </table>
 * Both carry {@code CodecUtil} index headers with the segment id and checksum footers.
 *
 * <h2>History</h2>
 * <ul>
 *   <li>Unreleased: full-precision level only, searched exactly; the coarse levels of the field's
 *       {@code levels} list are not yet written.</li>
 * </ul>
 */
package dev.pyramid.codec.pyramid1;
