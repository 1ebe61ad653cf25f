/**
 * The first pyramid vectors format, {@link dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat} ({@code "Pyramid1"}).
 *
 * <h2>Files</h2>
 * Per segment and per-field-format suffix. Every file starts with a {@code CodecUtil} index header (codec name,
 * version, segment id, suffix) and ends with a checksum footer.
 * <table>
 *   <caption>Files of a Pyramid1 field group</caption>
 *   <tr><th>Extension</th><th>Written by</th><th>Content</th></tr>
 *   <tr><td>{@code .pym}</td><td>{@code Pyramid1LevelsWriter}</td><td>level metadata, below</td></tr>
 *   <tr><td>{@code .pyc}</td><td>{@code Pyramid1LevelsWriter}</td>
 *       <td>coarse level codes: per field, per coarse level (coarse to fine), a region aligned to 64 bytes (a cache line) holding,
 *       for every vector in ordinal order, {@code code[codeBytes]} then {@code lower, upper, additional} (float32
 *       bits as int32 LE) and {@code componentSum} (int32 LE). {@code codeBytes}: binary {@code ceil64(dims)/8}
 *       (bit-packed), int4 {@code ceil2(dims)/2} (two per byte, first half in high nibbles), int8 {@code dims}
 *       (7-bit codes)</td></tr>
 *   <tr><td>{@code .vec}, {@code .vemf}</td><td>{@code Lucene99FlatVectorsFormat}</td>
 *       <td>the full-precision level: float32 vectors in ordinal order, and the ordinal-to-document map</td></tr>
 *   <tr><td>{@code .vex}, {@code .vem}</td><td>{@code Lucene99HnswVectorsWriter}</td>
 *       <td>the HNSW graph (built on full-precision scores, traversed with level-1 scores) and its metadata</td></tr>
 * </table>
 *
 * <h3>{@code .pym}, after the header</h3>
 * <pre>
 * per field:
 *   int32     field number
 *   int32     similarity wire number (0 euclidean, 1 dot_product, 2 cosine, 3 maximum_inner_product)
 *   vint      dimension
 *   vint      vector count
 *   vint      level count L, then L x { byte encoding wire number (1 binary, 2 int4, 3 int8, 4 float), vint dims }
 *   float32[dimension] centroid (only if count &gt; 0)
 *   (L - 1) x { vlong offset, vlong length } of each coarse level's region in .pyc
 * int32 -1   end of fields
 * </pre>
 * The reader recomputes every region's length from the count and the encoding and refuses a mismatch with
 * {@code CorruptIndexException}.
 *
 * <h2>History</h2>
 * <ul>
 *   <li>Version 0 (unreleased): the layout above.</li>
 * </ul>
 */
package dev.pyramid.codec.pyramid1;
