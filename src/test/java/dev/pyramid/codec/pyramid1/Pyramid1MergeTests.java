package dev.pyramid.codec.pyramid1;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;
import dev.pyramid.query.PyramidKnnQuery;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.util.IOSupplier;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.opensearch.test.OpenSearchTestCase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges of the awkward segments (ones that never saw the field, ones whose documents are all deleted, mixes of
 * deleted and vector-less documents) into one, compared with a fresh index of the surviving documents written in the
 * same order: the same documents, the same ordinal-to-document map and vectors, the same levels, coarse codes that
 * are what the full-precision vectors encode to, and the same search results at every depth.
 */
public class Pyramid1MergeTests extends OpenSearchTestCase {

    private static final String FIELD = "vector";
    private static final String ID = "id";

    /** One segment of the index before the merge. */
    private enum SegmentKind {
        /** Documents without the vector field. */
        NO_VECTORS,
        /** Documents with and without vectors, every one deleted. */
        ALL_DELETED,
        /** Documents with and without vectors, some deleted. */
        MIXED
    }

    /** A document as written: its id, its vector or null, and whether it is deleted before the merge. */
    private record Doc(String id, float[] vector, boolean deleted) {}

    private LevelsPolicy levels;
    private int dimension;
    private VectorSimilarityFunction similarity;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        levels = RandomPyramids.randomPolicy(random(), 1);
        dimension = randomIntBetween(2, 40);
        similarity = randomFrom(VectorSimilarityFunction.values());
    }

    public void testMergeOfEmptyDeletedAndMixedSegmentsEqualsFreshIndex() throws IOException {
        List<SegmentKind> kinds = new ArrayList<>(Arrays.asList(SegmentKind.values()));
        for (int extra = randomIntBetween(0, 4); extra > 0; extra--) {
            kinds.add(randomFrom(SegmentKind.values()));
        }
        kinds.add(SegmentKind.MIXED); // at least one segment with surviving vectors
        Collections.shuffle(kinds, random());
        List<List<Doc>> segments = new ArrayList<>();
        int nextId = 0;
        for (SegmentKind kind : kinds) {
            List<Doc> docs = new ArrayList<>();
            for (int i = randomIntBetween(1, 80); i > 0; i--) {
                float[] vector = kind == SegmentKind.NO_VECTORS || randomInt(4) == 0 ? null : randomVector();
                boolean deleted = kind == SegmentKind.ALL_DELETED || (kind == SegmentKind.MIXED && randomInt(3) == 0);
                docs.add(new Doc(Integer.toString(nextId++), vector, deleted));
            }
            segments.add(docs);
        }
        // the mixed segment added last keeps a surviving vector whatever the draws
        segments.get(kinds.lastIndexOf(SegmentKind.MIXED)).add(new Doc(Integer.toString(nextId), randomVector(), false));
        assertMergedEqualsFresh(segments);
    }

    /** Only segments without surviving vectors: the merged segment has the field and no vectors. */
    public void testMergeOfOnlyEmptySegments() throws IOException {
        List<List<Doc>> segments = new ArrayList<>();
        int nextId = 0;
        for (int s = randomIntBetween(2, 5); s > 0; s--) {
            boolean noVectors = s % 2 == 0;
            List<Doc> docs = new ArrayList<>();
            for (int i = randomIntBetween(1, 30); i > 0; i--) {
                docs.add(new Doc(Integer.toString(nextId++), noVectors ? null : randomVector(), noVectors == false));
            }
            segments.add(docs);
        }
        assertMergedEqualsFresh(segments);
    }

    /**
     * Index sorting reorders documents at flush and interleaves segments at merge: every flushed segment and the
     * merged one hold, at each ordinal, the codes of that ordinal's vector, for two fields of different dimensions
     * sharing the format.
     */
    public void testIndexSortAtFlushAndMerge() throws IOException {
        int otherDimension = randomIntBetween(1, 40);
        IndexWriterConfig config = config().setIndexSort(new Sort(new SortField("sort", SortField.Type.INT)));
        Map<String, float[][]> byId = new HashMap<>();
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                int id = 0;
                for (int segment = randomIntBetween(2, 4); segment > 0; segment--) {
                    for (int i = randomIntBetween(1, 60); i > 0; i--) {
                        float[] vector = randomInt(5) == 0 ? null : randomVector();
                        float[] other = randomInt(5) == 0 ? null : randomVector(otherDimension);
                        Document document = document(new Doc(Integer.toString(id), vector, false));
                        if (other != null) {
                            document.add(new KnnFloatVectorField("other", other, similarity));
                        }
                        document.add(new NumericDocValuesField("sort", randomInt(1000)));
                        writer.addDocument(document);
                        byId.put(Integer.toString(id++), new float[][] { vector, other });
                    }
                    writer.commit();
                }
                try (DirectoryReader flushed = DirectoryReader.open(writer)) {
                    assertCodesAndVectors(flushed, byId, otherDimension);
                }
                writer.forceMerge(1);
            }
            try (DirectoryReader merged = DirectoryReader.open(dir)) {
                assertEquals(1, merged.leaves().size());
                assertCodesAndVectors(merged, byId, otherDimension);
            }
        }
    }

    private void assertCodesAndVectors(DirectoryReader reader, Map<String, float[][]> byId, int otherDimension) throws IOException {
        for (LeafReaderContext context : reader.leaves()) {
            LeafReader leaf = context.reader();
            StoredFields storedFields = leaf.storedFields();
            String[] fields = { FIELD, "other" };
            for (int f = 0; f < fields.length; f++) {
                FloatVectorValues values = leaf.getFloatVectorValues(fields[f]);
                if (values == null) {
                    continue;
                }
                for (int ord = 0; ord < values.size(); ord++) {
                    String id = storedFields.document(values.ordToDoc(ord)).get(ID);
                    assertArrayEquals(fields[f] + " ordinal " + ord, byId.get(id)[f], values.vectorValue(ord), 0f);
                }
                float[] query = randomVector(f == 0 ? dimension : otherDimension);
                CoarseCodeChecks.assertCodesEncodeVectors(leaf, fields[f], query);
            }
        }
    }

    private void assertMergedEqualsFresh(List<List<Doc>> segments) throws IOException {
        List<Doc> survivors = segments.stream().flatMap(List::stream).filter(doc -> doc.deleted() == false).toList();
        try (Directory merged = new ByteBuffersDirectory(); Directory fresh = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(merged, config())) {
                for (List<Doc> segment : segments) {
                    for (Doc doc : segment) {
                        writer.addDocument(document(doc));
                    }
                    writer.commit();
                    for (Doc doc : segment) {
                        if (doc.deleted()) {
                            writer.deleteDocuments(new Term(ID, doc.id()));
                        }
                    }
                    writer.commit();
                }
                try (DirectoryReader before = DirectoryReader.open(writer)) {
                    assertEquals("every segment, fully deleted ones too, takes part in the merge", segments.size(), before.leaves().size());
                }
                writer.forceMerge(1);
            }
            try (IndexWriter writer = new IndexWriter(fresh, config())) {
                for (Doc doc : survivors) {
                    writer.addDocument(document(doc));
                }
                if (survivors.stream().allMatch(doc -> doc.vector() == null)) {
                    // the merged segment knows the field from its deleted documents: give the fresh one the field too
                    writer.addDocument(document(new Doc("placeholder", randomVector(), true)));
                    writer.deleteDocuments(new Term(ID, "placeholder"));
                    writer.forceMerge(1);
                }
                writer.commit();
            }
            assertTrue(checkIndex(merged).clean);
            try (DirectoryReader mergedReader = DirectoryReader.open(merged); DirectoryReader freshReader = DirectoryReader.open(fresh)) {
                assertSameSegment(survivors, getOnlyLeafReader(mergedReader), freshLeaf(freshReader, survivors.size()));
                assertSameSearches(survivors, mergedReader, freshReader);
            }
        }
    }

    /** The fresh index's single segment: the surviving documents only. */
    private static LeafReader freshLeaf(DirectoryReader reader, int survivors) {
        LeafReader leaf = getOnlyLeafReader(reader);
        assertEquals(survivors, leaf.numDocs());
        return leaf;
    }

    private void assertSameSegment(List<Doc> survivors, LeafReader merged, LeafReader fresh) throws IOException {
        assertEquals(survivors.size(), merged.numDocs());
        assertEquals("a merge drops deleted documents", merged.numDocs(), merged.maxDoc());
        StoredFields storedFields = merged.storedFields();
        for (int doc = 0; doc < survivors.size(); doc++) {
            assertEquals(survivors.get(doc).id(), storedFields.document(doc).get(ID));
        }

        List<float[]> expectedVectors = new ArrayList<>();
        List<Integer> expectedDocs = new ArrayList<>();
        for (int doc = 0; doc < survivors.size(); doc++) {
            if (survivors.get(doc).vector() != null) {
                expectedVectors.add(survivors.get(doc).vector());
                expectedDocs.add(doc);
            }
        }
        FloatVectorValues mergedValues = merged.getFloatVectorValues(FIELD);
        FloatVectorValues freshValues = fresh.getFloatVectorValues(FIELD);
        assertEquals(expectedVectors.size(), mergedValues.size());
        for (int ord = 0; ord < expectedVectors.size(); ord++) {
            assertEquals("ordinal " + ord, (int) expectedDocs.get(ord), mergedValues.ordToDoc(ord));
            assertEquals("ordinal " + ord, freshValues.ordToDoc(ord), mergedValues.ordToDoc(ord));
            assertArrayEquals("ordinal " + ord, expectedVectors.get(ord), mergedValues.vectorValue(ord), 0f);
        }

        Pyramid1LevelsReader mergedLevels = PyramidSegments.reader(merged, FIELD).levels();
        Pyramid1LevelsReader freshLevels = PyramidSegments.reader(fresh, FIELD).levels();
        PyramidLevels pyramid = levels.levelsFor(dimension);
        assertEquals(pyramid, mergedLevels.levels(FIELD));
        assertEquals(expectedVectors.size(), mergedLevels.vectorCount(FIELD));
        assertArrayEquals(freshLevels.coarseLevelBytes(FIELD), mergedLevels.coarseLevelBytes(FIELD));
        for (int q = 0; q < 3; q++) {
            float[] query = randomVector();
            CoarseCodeChecks.assertCodesEncodeVectors(merged, FIELD, query);
            for (int level = 1; level < pyramid.size() && expectedVectors.isEmpty() == false; level++) {
                RandomVectorScorer mergedScorer = mergedLevels.levelScorer(FIELD, level, query);
                RandomVectorScorer freshScorer = freshLevels.levelScorer(FIELD, level, query);
                for (int ord = 0; ord < expectedVectors.size(); ord++) {
                    assertEquals("level " + level + " ordinal " + ord, freshScorer.score(ord), mergedScorer.score(ord), 0f);
                }
            }
        }
    }

    /**
     * At every depth, a plan whose windows cover the segment (so the result does not depend on the graph, which a
     * merge builds differently from a flush) returns the same hits from both indices; a plain Lucene vector query
     * (full depth, default windows, graph traversal) returns only surviving documents with vectors, with exact scores.
     */
    private void assertSameSearches(List<Doc> survivors, DirectoryReader merged, DirectoryReader fresh) throws IOException {
        PyramidLevels pyramid = levels.levelsFor(dimension);
        int k = randomIntBetween(1, 20);
        float[] everything = new float[Math.max(1, pyramid.size() - 1)];
        Arrays.fill(everything, 1000f);
        for (int q = 0; q < 3; q++) {
            float[] query = randomVector();
            for (int depth = 1; depth <= pyramid.size(); depth++) {
                SearchPlan plan = new SearchPlan(depth, everything);
                TopDocs fromMerged = search(merged, query, k, plan);
                TopDocs fromFresh = search(fresh, query, k, plan);
                assertEquals("depth " + depth, ids(fresh, fromFresh), ids(merged, fromMerged));
                for (int i = 0; i < fromMerged.scoreDocs.length; i++) {
                    assertEquals("depth " + depth + " hit " + i, fromFresh.scoreDocs[i].score, fromMerged.scoreDocs[i].score, 0f);
                }
            }
            TopDocs plain = new IndexSearcher(merged).search(new KnnFloatVectorQuery(FIELD, query, k), k);
            long withVectors = survivors.stream().filter(doc -> doc.vector() != null).count();
            assertEquals(Math.min(k, withVectors), plain.scoreDocs.length);
            for (ScoreDoc hit : plain.scoreDocs) {
                float[] vector = survivors.get(hit.doc).vector();
                assertNotNull("hit " + hit.doc + " has a vector", vector);
                assertEquals(similarity.compare(query, vector), hit.score, 1e-5f);
            }
        }
    }

    private static TopDocs search(DirectoryReader reader, float[] query, int k, SearchPlan plan) throws IOException {
        return new IndexSearcher(reader).search(new PyramidKnnQuery(FIELD, query, k, null, new PyramidSearchStrategy(plan), null), k);
    }

    private static List<String> ids(DirectoryReader reader, TopDocs hits) throws IOException {
        StoredFields storedFields = reader.storedFields();
        List<String> ids = new ArrayList<>();
        for (ScoreDoc hit : hits.scoreDocs) {
            ids.add(storedFields.document(hit.doc).get(ID));
        }
        return ids;
    }

    private float[] randomVector() {
        return randomVector(dimension);
    }

    private float[] randomVector(int dims) {
        // unit vectors for dot_product, which expects them; arbitrary lengths and signs for the others
        if (similarity == VectorSimilarityFunction.DOT_PRODUCT) {
            return BaseKnnVectorsFormatTestCase.randomNormalizedVector(dims);
        }
        float[] vector = BaseKnnVectorsFormatTestCase.randomVector(dims);
        float scale = (float) randomDoubleBetween(0.1, 4, true);
        for (int i = 0; i < dims; i++) {
            vector[i] = (vector[i] - 0.5f) * scale;
        }
        return vector;
    }

    private Document document(Doc doc) {
        Document document = new Document();
        document.add(new StringField(ID, doc.id(), Field.Store.YES));
        if (doc.vector() != null) {
            document.add(new KnnFloatVectorField(FIELD, doc.vector(), similarity));
        }
        return document;
    }

    private IndexWriterConfig config() {
        KnnVectorsFormat format = new Pyramid1VectorsFormat(levels);
        LogDocMergePolicy inOrder = new LogDocMergePolicy(); // merges neighbours, so documents keep their order
        inOrder.setMergeFactor(1000); // no merge but the forced one
        MergePolicy keepDeleted = new FilterMergePolicy(inOrder) {
            @Override
            public boolean keepFullyDeletedSegment(IOSupplier<CodecReader> readerIOSupplier) {
                return true; // as OpenSearch's soft-delete retention does: fully deleted segments reach merges
            }
        };
        return new IndexWriterConfig().setCodec(Pyramid1Codecs.everyVectorField(format))
            .setMergePolicy(keepDeleted)
            .setMaxBufferedDocs(10_000)
            .setRAMBufferSizeMB(64);
    }

    private static CheckIndex.Status checkIndex(Directory dir) throws IOException {
        try (CheckIndex checker = new CheckIndex(dir)) {
            checker.setInfoStream(new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8));
            return checker.checkIndex();
        }
    }
}
