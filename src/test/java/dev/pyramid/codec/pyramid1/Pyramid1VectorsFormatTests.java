package dev.pyramid.codec.pyramid1;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.quantization.LevelQuantizer;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnByteVectorField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.tests.index.MismatchedCodecReader;
import org.apache.lucene.tests.util.TestUtil;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.Accountables;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Lucene's own contract tests for vectors formats, run on {@link Pyramid1VectorsFormat} through a codec whose
 * per-field vectors format is always Pyramid1 (the way the plugin's codec routes {@code pyramid_vector} fields). The
 * pyramid is drawn at random in {@link #setUp()} ({@link RandomPyramids}: 1 to 4 levels, binary/int4/int8 coarse
 * levels, Matryoshka prefixes), the similarity per test by the base class (all four).
 *
 * <p>Pyramid1 holds float vectors only: the base tests written for byte vectors are overridden below, each with the
 * reason, and assert instead that a byte vector field is refused with a message naming the field.
 */
public class Pyramid1VectorsFormatTests extends BaseKnnVectorsFormatTestCase {

    private LevelsPolicy levels;
    private Codec codec;

    @Override
    public void setUp() throws Exception {
        // before super.setUp(), which installs getCodec() as the default codec of the test
        levels = RandomPyramids.randomPolicy(random());
        codec = TestUtil.alwaysKnnVectorsFormat(new Pyramid1VectorsFormat(levels));
        if (VERBOSE) {
            System.out.println("pyramid levels: " + levels);
        }
        super.setUp();
    }

    @Override
    protected Codec getCodec() {
        return codec;
    }

    /** Pyramid fields hold float vectors: the base class's random fields and per-field encodings are float. */
    @Override
    protected VectorEncoding randomVectorEncoding() {
        return VectorEncoding.FLOAT32;
    }

    /**
     * Lucene's base class turns {@code testMergeStability} off for vectors formats because a merge rebuilds the HNSW
     * graph, whose files ({@code .vex}, {@code .vem}) differ from one build to the next. Everything else of a
     * pyramid segment (level metadata, coarse codes, the float level) is rebuilt from the same vectors in the same
     * order, so the test runs, with only the graph's files left out of the byte counts.
     */
    @Override
    protected boolean mergeIsStable() {
        return true;
    }

    @Override
    protected Collection<String> excludedExtensionsFromByteCounts() {
        Collection<String> excluded = new HashSet<>(super.excludedExtensionsFromByteCounts());
        excluded.add("vex");
        excluded.add("vem");
        return excluded;
    }

    /** The {@code .pym} file records similarities by these numbers (see the package javadoc): they never change. */
    public void testSimilarityWireNumbersAreFrozen() throws IOException {
        VectorSimilarityFunction[] byWire = {
            VectorSimilarityFunction.EUCLIDEAN,
            VectorSimilarityFunction.DOT_PRODUCT,
            VectorSimilarityFunction.COSINE,
            VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT };
        assertEquals(VectorSimilarityFunction.values().length, byWire.length);
        for (int wire = 0; wire < byWire.length; wire++) {
            assertEquals(wire, Pyramid1VectorsFormat.similarityToWire(byWire[wire]));
            assertSame(byWire[wire], Pyramid1VectorsFormat.similarityFromWire(wire, null));
        }
        CorruptIndexException e = expectThrows(CorruptIndexException.class, () -> Pyramid1VectorsFormat.similarityFromWire(4, null));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown similarity wire number 4"));
    }

    public void testToStringShowsComposition() {
        String described = new Pyramid1VectorsFormat(levels).toString();
        assertTrue(described, described.startsWith("Pyramid1(levels=" + levels + ", graph=Lucene99HnswVectorsFormat("));
        assertTrue(described, described.contains("fullPrecision=Lucene99FlatVectorsFormat("));
    }

    /**
     * Off-heap bytes per level under the keys the javadoc names, each exactly {@code count * stride} of its encoding;
     * heap bytes broken down per coarse level, adding up to no more than the reader's total.
     */
    public void testBytesReportedPerLevel() throws IOException {
        int dimension = random().nextInt(40) + 1;
        VectorSimilarityFunction similarity = randomSimilarity();
        int count = atLeast(20);
        try (Directory dir = newDirectory(); IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig())) {
            for (int i = 0; i < count; i++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", randomNormalizedVector(dimension), similarity));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            try (DirectoryReader reader = DirectoryReader.open(writer)) {
                LeafReader leaf = getOnlyLeafReader(reader);
                Pyramid1VectorsReader vectors = PyramidSegments.reader(leaf, "v");
                assertNotNull("the field is stored by Pyramid1", vectors);
                PyramidLevels pyramid = levels.levelsFor(dimension);
                assertEquals(pyramid, vectors.levels().levels("v"));

                Map<String, Long> offHeap = vectors.getOffHeapByteSize(leaf.getFieldInfos().fieldInfo("v"));
                Map<String, Long> expected = new HashMap<>();
                expected.put("vec", (long) count * dimension * Float.BYTES);
                expected.put("vex", offHeap.get("vex"));
                long[] coarseBytes = vectors.levels().coarseLevelBytes("v");
                assertEquals(pyramid.size() - 1, coarseBytes.length);
                for (int level = 1; level < pyramid.size(); level++) {
                    LevelQuantizer quantizer = new LevelQuantizer(pyramid.level(level), similarity, new float[dimension]);
                    long bytes = (long) count * quantizer.strideBytes();
                    expected.put(Pyramid1VectorsFormat.coarseLevelOffHeapKey(level, pyramid.level(level)), bytes);
                    assertEquals("level " + level, bytes, coarseBytes[level - 1]);
                }
                assertEquals(expected, offHeap);
                assertTrue("the graph has bytes", offHeap.get("vex") > 0);

                long total = vectors.ramBytesUsed();
                List<String> names = new ArrayList<>();
                long children = 0;
                for (Accountable child : vectors.getChildResources()) {
                    names.add(child.toString());
                    children += child.ramBytesUsed();
                }
                assertEquals(total, children);
                String breakdown = Accountables.toString(vectors);
                for (int level = 1; level < pyramid.size(); level++) {
                    String name = "field [v] level " + level + " " + pyramid.level(level);
                    assertTrue(breakdown, breakdown.contains(name));
                }
                assertEquals(2, names.size());
                assertEquals("graph", names.get(0));
                assertTrue(names.get(1), names.get(1).startsWith("levels"));
            }
        }
    }

    // ---- base tests for byte vectors: a pyramid field never holds bytes ----

    /** Byte vectors are refused, so there is no merge of byte fields to test; the float twin runs as is. */
    @Override
    public void testMergingWithDifferentByteKnnFields() throws Exception {
        assertByteVectorsRefused("field");
    }

    /** Byte vectors are refused; {@link #testFloatVectorScorerIteration} covers the scorer of the float level. */
    @Override
    public void testByteVectorScorerIteration() throws Exception {
        assertByteVectorsRefused("field");
    }

    /** Byte vectors are refused; {@link #testEmptyFloatVectorData} covers the all-deleted segment for floats. */
    @Override
    public void testEmptyByteVectorData() throws Exception {
        assertByteVectorsRefused("v");
    }

    /** Byte vectors are refused; {@link #testSortedIndex} covers index sorting for floats. */
    @Override
    public void testSortedIndexBytes() throws Exception {
        assertByteVectorsRefused("field");
    }

    /** Byte vectors are refused; {@link #testRandom} is the float twin. */
    @Override
    public void testRandomBytes() throws Exception {
        assertByteVectorsRefused("field");
    }

    /**
     * The base test pairs a float field with a byte field; with bytes refused, this keeps its point with two float
     * fields of different dimensions: {@code addIndexes} of a reader whose field numbers differ from the target's
     * (the {@code .pym} file records fields by number), then a merge, reads back every vector of both fields.
     */
    @Override
    public void testMismatchedFields() throws Exception {
        assertByteVectorsRefused("byte");
        Directory dir1 = newDirectory();
        IndexWriter w1 = new IndexWriter(dir1, newIndexWriterConfig());
        Document doc = new Document();
        doc.add(new KnnFloatVectorField("float", new float[] { 1f, 2f }));
        doc.add(new KnnFloatVectorField("other", new float[] { 42f, -1f, 3f }));
        w1.addDocument(doc);

        Directory dir2 = newDirectory();
        IndexWriter w2 = new IndexWriter(dir2, newIndexWriterConfig().setMergeScheduler(new SerialMergeScheduler()));
        w2.addDocument(doc);
        w2.commit();

        DirectoryReader reader = DirectoryReader.open(w1);
        w1.close();
        w2.addIndexes(new MismatchedCodecReader((CodecReader) getOnlyLeafReader(reader), random()));
        reader.close();
        w2.forceMerge(1);
        reader = DirectoryReader.open(w2);
        w2.close();

        LeafReader leafReader = getOnlyLeafReader(reader);
        assertVectors(leafReader.getFloatVectorValues("float"), new float[] { 1f, 2f });
        assertVectors(leafReader.getFloatVectorValues("other"), new float[] { 42f, -1f, 3f });
        IOUtils.close(reader, dir1, dir2);
    }

    private static void assertVectors(FloatVectorValues values, float[] expected) throws IOException {
        assertNotNull(values);
        KnnVectorValues.DocIndexIterator iterator = values.iterator();
        for (int doc = 0; doc < 2; doc++) {
            assertEquals(doc, iterator.nextDoc());
            assertArrayEquals(expected, values.vectorValue(iterator.index()), 0f);
        }
        assertEquals(DocIdSetIterator.NO_MORE_DOCS, iterator.nextDoc());
    }

    /**
     * A byte vector in a field routed to Pyramid1 fails where Lucene creates the field's writer, with a message
     * naming the field. Lucene treats a failure there as aborting, so the writer closes: this never happens through
     * the plugin, whose {@code pyramid_vector} mapper only produces float vectors.
     */
    private void assertByteVectorsRefused(String field) throws IOException {
        try (Directory dir = newDirectory()) {
            IndexWriter writer = new IndexWriter(dir, newIndexWriterConfig());
            Document doc = new Document();
            doc.add(new KnnByteVectorField(field, new byte[] { 1, 2, 3, 4 }, VectorSimilarityFunction.EUCLIDEAN));
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> writer.addDocument(doc));
            assertEquals("pyramid fields hold float vectors, field [" + field + "] holds bytes", e.getMessage());
            assertFalse("an aborting failure closes the writer", writer.isOpen());
            writer.close();
        }
    }
}
