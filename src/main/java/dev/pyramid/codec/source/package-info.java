/**
 * Derived source: the stored {@code _source} of a document without the vectors of its top-level
 * {@code pyramid_vector} fields, given back whole on every read.
 *
 * <h2>Why</h2>
 * A 384-d vector spelt in JSON is ~3.3 KB, more than everything else a typical RAG document stores, and the float
 * level of {@code Pyramid1} already keeps it at full precision. Stored twice, it made stored fields the largest file
 * of an index (3.5 GB of 5.1 GB at 1M vectors) and every fetch slower: reading a hit's {@code _id} decompresses the
 * stored-fields chunk around it, vectors and all. The k-NN plugin's derived source does the same for its fields.
 *
 * <h2>Bytes on disk</h2>
 * {@link dev.pyramid.codec.source.DerivedVectorsStoredFieldsFormat} writes through {@code Lucene90StoredFieldsFormat}
 * unchanged ({@code .fdt}, {@code .fdx}, {@code .fdm}, with their headers, footers and the mode attribute). Only the
 * value of {@code _source} differs: in a JSON object, the value of a top-level key that held the document's indexed
 * vector is the two bytes {@code []}; every other byte is as sent. Segments carry the codec name
 * {@code PyramidLucene103} ({@link dev.pyramid.codec.PyramidLucene103Codec}), which Lucene finds by name and whose
 * stored fields reader splices the vectors back from the segment's {@code .vec} float level.
 *
 * <h2>What is left as sent</h2>
 * Sources that are not a JSON object, keys inside objects, arrays that are not the indexed vector (another length,
 * non-numbers) and {@code cosine} vectors not sent at unit length: the float level holds the normalised vector,
 * which is not what the user sent.
 *
 * <h2>History</h2>
 * <ul>
 *   <li>2026-12-02: first version.</li>
 * </ul>
 */
package dev.pyramid.codec.source;
