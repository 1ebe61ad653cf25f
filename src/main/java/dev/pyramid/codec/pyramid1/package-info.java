/**
 * The first pyramid vectors format, {@link dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat} ({@code "Pyramid1"}).
 *
 * <h2>Files</h2>
 * One set per segment and per-field-format suffix (Lucene's per-field format gives every format instance its own
 * suffix, e.g. {@code _0_Pyramid1_0.pym}); the fields of one format instance share the set.
 * <table>
 *   <caption>Files of a Pyramid1 field group</caption>
 *   <tr><th>Extension</th><th>Written by</th><th>Content</th><th>Read</th></tr>
 *   <tr><td>{@code .pym}</td><td>{@code Pyramid1LevelsWriter}</td><td>level metadata, below</td>
 *       <td>whole, into the heap, when the segment opens; checksum verified then</td></tr>
 *   <tr><td>{@code .pyc}</td><td>{@code Pyramid1LevelsWriter}</td><td>coarse level codes, below</td>
 *       <td>off-heap, one slice per level; header and footer checked at open, checksum by {@code checkIntegrity}</td></tr>
 *   <tr><td>{@code .vec}, {@code .vemf}</td><td>{@code Lucene99FlatVectorsFormat}</td>
 *       <td>the full-precision level: float32 vectors in ordinal order, the ordinal-to-document map, and their
 *       metadata (layout: that format's javadoc)</td>
 *       <td>{@code .vemf} at open, {@code .vec} off-heap; checksums as that format checks them</td></tr>
 *   <tr><td>{@code .vex}, {@code .vem}</td><td>{@code Lucene99HnswVectorsWriter}</td>
 *       <td>the HNSW graph (built on full-precision scores, traversed with level-1 scores) and its metadata
 *       (layout: {@code Lucene99HnswVectorsFormat}'s javadoc)</td>
 *       <td>{@code .vem} at open, {@code .vex} off-heap; checksums as that format checks them</td></tr>
 * </table>
 * {@code checkIntegrity} therefore verifies every file: {@code .pym}, {@code .vemf} and {@code .vem} when the
 * segment opens, {@code .pyc}, {@code .vec} and {@code .vex} in full on each call.
 *
 * <p>Byte order: the header and footer are big-endian (as {@code CodecUtil} writes them); everything between is
 * written through Lucene's {@code DataOutput}, whose {@code int32}/{@code int64} are little-endian. {@code vint} and
 * {@code vlong} are Lucene's variable-length integers (7 bits per byte, low bits first).
 *
 * <h3>Header and footer of {@code .pym} and {@code .pyc}</h3>
 * <pre>
 * header: int32 BE 0x3FD76C17 (CodecUtil.CODEC_MAGIC)
 *         vint + UTF-8 codec name: "Pyramid1LevelsMeta" (.pym) or "Pyramid1LevelsCodes" (.pyc)
 *         int32 BE version (VERSION_CURRENT; the two files of a segment must agree)
 *         byte[16] segment id
 *         byte suffix length n, byte[n] segment suffix (ASCII)
 * footer: int32 BE 0xC02893E8 (CodecUtil.FOOTER_MAGIC), int32 BE 0 (algorithm id: CRC32),
 *         int64 BE CRC32 of every byte before it
 * </pre>
 *
 * <h3>{@code .pym}, between header and footer</h3>
 * <pre>
 * per field, in the order the segment's writer finished them:
 *   int32     field number (FieldInfo.number)
 *   int32     similarity wire number: 0 euclidean, 1 dot_product, 2 cosine, 3 maximum_inner_product
 *   vint      dimension d (must equal the FieldInfo's)
 *   vint      vector count n (must equal the float level's)
 *   vint      level count L, in [1, 4]
 *   L x {     byte encoding wire number (1 binary, 2 int4, 3 int8, 4 float; LevelEncoding#wireNumber)
 *             vint dims of the level (a Matryoshka prefix when below d) }, coarse to fine, last = float at d
 *   if n &gt; 0: d x int32   centroid, float32 bits (Float.floatToIntBits): the mean of the field's vectors
 *                          (each L2-normalised first for cosine; the mean then L2-normalised too)
 *   (L - 1) x { vlong offset, vlong length } of each coarse level's region in .pyc, coarse to fine
 * int32 -1   end of fields
 * </pre>
 *
 * <h3>{@code .pyc}, between header and footer</h3>
 * <pre>
 * per field, in .pym order; per coarse level of the field, coarse to fine:
 *   0 to 3 zero bytes, so that the region starts at a multiple of 4 (its offset in .pym)
 *   n x {     byte[c] code of the level's first dims components, after subtracting the centroid
 *             int32   lower interval a (float32 bits)
 *             int32   upper interval u (float32 bits)
 *             int32   additional correction (float32 bits): &lt;v, centroid&gt;, or ||v - centroid||^2 for euclidean
 *             int32   sum of the integer codes }, in ordinal order (the float level's)
 * </pre>
 * The code, from {@code OptimizedScalarQuantizer} ({@code LevelQuantizer} has the formulas):
 * <ul>
 *   <li>{@code binary}: {@code c = ceil64(dims) / 8}, one bit per component, most significant bit first
 *       ({@code OptimizedScalarQuantizer.packAsBinary}), zero bits past {@code dims};</li>
 *   <li>{@code int4}: {@code c = ceil2(dims) / 2}, 4-bit codes, byte {@code i} holding code {@code i} in its high
 *       nibble and code {@code c + i} in its low nibble;</li>
 *   <li>{@code int8}: {@code c = dims}, 7-bit codes in [0, 127], one per byte.</li>
 * </ul>
 * A level's region is therefore exactly {@code n * (c + 16)} bytes. The reader recomputes every region's length
 * from the count and the encoding, checks that it lies before the footer and that the count matches the float
 * level's, and refuses a mismatch with {@code CorruptIndexException}.
 *
 * <h2>Reported sizes</h2>
 * {@code getOffHeapByteSize} reports {@code "vec"} (float level) and {@code "vex"} (graph) as Lucene's formats do,
 * and each coarse level under its own key, {@code "pyc.<level>.<encoding>"} (e.g. {@code "pyc.1.binary"}).
 * {@code ramBytesUsed} is broken down by {@code getChildResources}: graph, float level, and per field its metadata
 * and the quantizer of each coarse level.
 *
 * <h2>History</h2>
 * <ul>
 *   <li>Version 0 (unreleased): the layout above.</li>
 * </ul>
 */
package dev.pyramid.codec.pyramid1;
