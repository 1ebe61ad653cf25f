package dev.pyramid;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;
import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.testing.ExactSearch.Neighbor;
import dev.pyramid.testing.ExactSearch;
import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SharedData;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.action.admin.indices.forcemerge.ForceMergeResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.routing.OperationRouting;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.opensearch.test.OpenSearchIntegTestCase.SuiteScopeTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAllSuccessful;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;
import static org.hamcrest.Matchers.instanceOf;

/**
 * {@code spi_pyramid} searches on a two-node cluster against brute force ({@link ExactSearch}) over real SciFact
 * MiniLM vectors: top-k, the query's own filter, post-filtering in a {@code bool} query, paging within {@code k}, the
 * three similarities, and a force-merged index. It also checks that the plugin's vectors format really stores the
 * field on every shard copy, since a codec bypass would still return correct (Lucene HNSW) results.
 *
 * <p>Rankings are compared up to swaps of equally scored documents: the document at each rank must have the exact
 * score of the expected document at that rank within {@value #TIE_TOLERANCE}, and the reported score must be its
 * exact score within {@value #SCORE_TOLERANCE} (the plugin scores in float, the reference in double).
 */
@ClusterScope(scope = Scope.SUITE, numDataNodes = 2)
@SuiteScopeTestCase
public class PyramidSearchIntegTests extends OpenSearchIntegTestCase {

    private static final String VECTORS = "scifact/vectors-all-minilm-l6-v2/";
    private static final String COSINE_INDEX = "scifact-cosine";
    private static final String MERGED_INDEX = "scifact-merged";
    private static final String SMALL_INDEX = "scifact-l2-dot";
    private static final int DOCS = 2000;
    private static final int SMALL_DOCS = 300;
    private static final int QUERIES = 20;
    private static final int SHARDS = 3;
    private static final int BATCHES = 4;
    private static final int K = 10;
    private static final int GROUPS = 4;
    private static final String FILTER_GROUP = "1";
    private static final double SCORE_TOLERANCE = 1e-4;
    private static final double TIE_TOLERANCE = 1e-5;

    private static String[] beirIds;
    private static float[][] corpus;
    private static float[][] queries;
    /** Corpus rows scaled to different lengths, so that dot product and l2 rank differently from cosine. */
    private static float[][] scaledCorpus;

    @BeforeClass
    public static void loadVectors() throws IOException {
        corpus = Fvecs.readFvecs(SharedData.path(VECTORS + "corpus.fvecs"), DOCS);
        queries = Fvecs.readFvecs(SharedData.path(VECTORS + "test_queries.fvecs"), QUERIES);
        beirIds = Files.readAllLines(SharedData.path(VECTORS + "corpus.ids.txt")).subList(0, DOCS).toArray(String[]::new);
        assertEquals(DOCS, corpus.length);
        assertEquals(QUERIES, queries.length);
        scaledCorpus = new float[SMALL_DOCS][];
        for (int ord = 0; ord < SMALL_DOCS; ord++) {
            scaledCorpus[ord] = scale(corpus[ord], 0.5f + (ord % 7) * 0.25f);
        }
    }

    @AfterClass
    public static void releaseVectors() {
        beirIds = null;
        corpus = null;
        queries = null;
        scaledCorpus = null;
    }

    /**
     * Windows wide enough that every level passes on (nearly) every vector of these small shards: the search is then
     * exhaustive and must equal brute force. Default windows are approximate; {@link #testDefaultWindowsRecall} checks
     * them.
     */
    static final float GENEROUS_OVERSAMPLE = 30f;

    private static SpiPyramidQueryBuilder generous(SpiPyramidQueryBuilder query) {
        // every level of the default pyramid, with fixed windows: the controller's pruning is for depth "auto"
        return query.oversample(GENEROUS_OVERSAMPLE).depth(3);
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        createCosineIndex(COSINE_INDEX);
        String smallMapping = """
            {"properties": {
              "group":   {"type": "keyword"},
              "l2_vec":  {"type": "pyramid_vector", "dimension": 384, "similarity": "l2"},
              "dot_vec": {"type": "pyramid_vector", "dimension": 384, "similarity": "dot_product"}}}""";
        createPyramidIndex(SMALL_INDEX, smallMapping);
        indexInBatches(SMALL_INDEX, SMALL_DOCS, ord -> {
            XContentBuilder source = XContentFactory.jsonBuilder().startObject();
            source.field("group", Integer.toString(ord % GROUPS));
            source.array("l2_vec", scaledCorpus[ord]);
            source.array("dot_vec", scaledCorpus[ord]);
            return source.endObject();
        });
        ensureGreen(COSINE_INDEX, SMALL_INDEX);
    }

    public void testPyramidFormatOnEveryShardCopy() {
        assertPyramidFormat(COSINE_INDEX, "embedding");
        assertPyramidFormat(SMALL_INDEX, "l2_vec");
        assertPyramidFormat(SMALL_INDEX, "dot_vec");
    }

    public void testTopKMatchesExactSearch() {
        assertTopKMatchesExactSearch(COSINE_INDEX);
    }

    /**
     * Default settings (oversample 4: level 1 keeps at most 16k, level 2 4k) on real vectors: an approximate search whose
     * recall@10 against brute force must stay high. Measured when written: 1.0 over these 20 queries.
     */
    public void testDefaultWindowsRecall() {
        int found = 0;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = queries[q];
            SearchHit[] hits = search(COSINE_INDEX, new SpiPyramidQueryBuilder("embedding", query, K), 0, K);
            java.util.Set<String> exact = new java.util.HashSet<>();
            for (Neighbor neighbor : ExactSearch.topK(VectorSimilarity.COSINE, query, corpus, K)) {
                exact.add(Integer.toString(neighbor.ord()));
            }
            for (SearchHit hit : hits) {
                if (exact.contains(hit.getId())) {
                    found++;
                }
            }
        }
        double recall = found / (double) (QUERIES * K);
        logger.info("default-window recall@{} over {} queries: {}", K, QUERIES, recall);
        assertTrue("recall@10 with default windows was " + recall, recall >= 0.95);
    }

    public void testFilterMatchesExactSearchOverFilteredDocs() {
        assertFilteredTopKMatchesExactSearch(COSINE_INDEX);
    }

    /**
     * In a {@code bool} query the filter clause filters what {@code spi_pyramid} found: each shard keeps the docs of
     * its own top {@code k} that pass the filter, so the result depends on which shard holds which document.
     */
    public void testBoolFilterKeepsMatchingDocsOfEachShardsTopK() {
        IndexMetadata metadata = clusterService().state().metadata().index(COSINE_INDEX);
        int[] shardOf = new int[DOCS];
        for (int ord = 0; ord < DOCS; ord++) {
            shardOf[ord] = OperationRouting.generateShardId(metadata, Integer.toString(ord), null);
        }
        for (int q = 0; q < QUERIES; q++) {
            float[] query = queries[q];
            List<Neighbor> expected = new ArrayList<>();
            for (int shard = 0; shard < SHARDS; shard++) {
                int s = shard;
                for (Neighbor neighbor : ExactSearch.topK(VectorSimilarity.COSINE, query, corpus, K, ord -> shardOf[ord] == s)) {
                    if (neighbor.ord() % GROUPS == Integer.parseInt(FILTER_GROUP)) {
                        expected.add(neighbor);
                    }
                }
            }
            expected.sort(ExactSearch.BEST_FIRST);
            // Through the JSON parser, as a user would send it.
            String json = String.format(
                Locale.ROOT,
                "{\"bool\": {\"must\": [{\"spi_pyramid\": {\"embedding\": {\"vector\": %s, \"k\": %d, \"oversample\": " + GENEROUS_OVERSAMPLE + ", \"depth\": 3}}}],"
                    + " \"filter\": [{\"term\": {\"group\": \"%s\"}}]}}",
                Arrays.toString(query),
                K,
                FILTER_GROUP
            );
            SearchHit[] hits = search(COSINE_INDEX, QueryBuilders.wrapperQuery(json), 0, SHARDS * K);
            assertRanking("bool query " + q, hits, expected, ord -> ExactSearch.score(VectorSimilarity.COSINE, query, corpus[ord]));
            for (SearchHit hit : hits) {
                int ord = Integer.parseInt(hit.getId());
                assertEquals("shard of doc [" + ord + "]", shardOf[ord], hit.getShard().getShardId().id());
            }
        }
    }

    /** Each shard returns its {@code k} best, so the merged top {@code k} are exact and pages within it are too. */
    public void testPagesWithinKAreRanksOfExactTopK() {
        int k = 2 * K;
        for (int q = 0; q < QUERIES; q++) {
            float[] query = queries[q];
            List<Neighbor> expected = ExactSearch.topK(VectorSimilarity.COSINE, query, corpus, k);
            for (int from = 0; from < k; from += K) {
                SearchHit[] hits = search(COSINE_INDEX, generous(new SpiPyramidQueryBuilder("embedding", query, k)), from, K);
                assertRanking(
                    "query " + q + " from " + from,
                    hits,
                    expected.subList(from, from + K),
                    ord -> ExactSearch.score(VectorSimilarity.COSINE, query, corpus[ord])
                );
            }
        }
    }

    public void testL2AndDotProductMatchExactSearch() {
        // The negated mean points away from almost every document: mostly negative dot products, whose scores take
        // the 1 / (1 - dot) branch. Asking for every document compares the whole ranking.
        float[] awayFromAll = new float[corpus[0].length];
        for (float[] vector : scaledCorpus) {
            for (int i = 0; i < vector.length; i++) {
                awayFromAll[i] -= vector[i] / SMALL_DOCS;
            }
        }
        for (VectorSimilarity similarity : List.of(VectorSimilarity.L2, VectorSimilarity.DOT_PRODUCT)) {
            String field = similarity == VectorSimilarity.L2 ? "l2_vec" : "dot_vec";
            for (int q = 0; q < 5; q++) {
                float[] query = queries[q];
                assertRanking(
                    field + " query " + q,
                    search(SMALL_INDEX, generous(new SpiPyramidQueryBuilder(field, query, K)), 0, K),
                    ExactSearch.topK(similarity, query, scaledCorpus, K),
                    ord -> ExactSearch.score(similarity, query, scaledCorpus[ord])
                );
            }
            List<Neighbor> all = ExactSearch.topK(similarity, awayFromAll, scaledCorpus, SMALL_DOCS);
            if (similarity == VectorSimilarity.DOT_PRODUCT) {
                assertTrue("the query should have negative dot products", all.get(SMALL_DOCS - 1).score() < 1);
            }
            assertRanking(
                field + " full ranking",
                search(SMALL_INDEX, generous(new SpiPyramidQueryBuilder(field, awayFromAll, SMALL_DOCS)), 0, SMALL_DOCS),
                all,
                ord -> ExactSearch.score(similarity, awayFromAll, scaledCorpus[ord])
            );
        }
    }

    public void testForceMergeToOneSegmentKeepsFormatAndResults() throws IOException {
        createCosineIndex(MERGED_INDEX);
        ensureGreen(MERGED_INDEX);
        List<Integer> before = assertPyramidFormat(MERGED_INDEX, "embedding");
        assertTrue("expected several segments before the merge, got " + before, before.stream().anyMatch(leaves -> leaves > 1));

        ForceMergeResponse merge = client().admin().indices().prepareForceMerge(MERGED_INDEX).setMaxNumSegments(1).get();
        assertAllSuccessful(merge);
        refresh(MERGED_INDEX);

        List<Integer> after = assertPyramidFormat(MERGED_INDEX, "embedding");
        assertEquals("segments per shard copy after the merge", List.of(1, 1, 1, 1, 1, 1), after);
        assertTopKMatchesExactSearch(MERGED_INDEX);
        assertFilteredTopKMatchesExactSearch(MERGED_INDEX);
    }

    private void createCosineIndex(String index) throws IOException {
        String mapping = """
            {"properties": {
              "text":      {"type": "keyword"},
              "group":     {"type": "keyword"},
              "embedding": {"type": "pyramid_vector", "dimension": 384, "similarity": "cosine"}}}""";
        createPyramidIndex(index, mapping);
        indexInBatches(index, DOCS, ord -> {
            XContentBuilder source = XContentFactory.jsonBuilder().startObject();
            source.field("text", beirIds[ord]);
            source.field("group", Integer.toString(ord % GROUPS));
            source.array("embedding", corpus[ord]);
            return source.endObject();
        });
    }

    /** Three shards with a replica each, and the codec set explicitly: the test cluster would pick a random one. */
    private void createPyramidIndex(String index, String mapping) {
        Settings settings = Settings.builder()
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, SHARDS)
            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 1)
            .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
            .put(PyramidSettings.ENABLED.getKey(), true)
            .build();
        assertAcked(client().admin().indices().prepareCreate(index).setSettings(settings).setMapping(mapping));
    }

    /** Indexes docs {@code 0..count-1} (id = row number) in {@value #BATCHES} refreshed batches: several segments per shard. */
    private void indexInBatches(String index, int count, CheckedIntFunction<XContentBuilder> source) throws IOException {
        int batchSize = (count + BATCHES - 1) / BATCHES;
        for (int start = 0; start < count; start += batchSize) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int ord = start; ord < Math.min(count, start + batchSize); ord++) {
                bulk.add(client().prepareIndex(index).setId(Integer.toString(ord)).setSource(source.apply(ord)));
            }
            assertNoFailures(bulk.get());
            refresh(index);
        }
    }

    @FunctionalInterface
    private interface CheckedIntFunction<T> {
        T apply(int value) throws IOException;
    }

    private void assertTopKMatchesExactSearch(String index) {
        for (int q = 0; q < QUERIES; q++) {
            float[] query = queries[q];
            assertRanking(
                index + " query " + q,
                search(index, generous(new SpiPyramidQueryBuilder("embedding", query, K)), 0, K),
                ExactSearch.topK(VectorSimilarity.COSINE, query, corpus, K),
                ord -> ExactSearch.score(VectorSimilarity.COSINE, query, corpus[ord])
            );
        }
    }

    /** The query's own filter restricts the candidates, so the result is the exact top k of the filtered docs. */
    private void assertFilteredTopKMatchesExactSearch(String index) {
        int group = Integer.parseInt(FILTER_GROUP);
        for (int q = 0; q < QUERIES; q++) {
            float[] query = queries[q];
            QueryBuilder spiPyramid = generous(new SpiPyramidQueryBuilder("embedding", query, K)).filter(
                QueryBuilders.termQuery("group", FILTER_GROUP)
            );
            SearchHit[] hits = search(index, spiPyramid, 0, K);
            for (SearchHit hit : hits) {
                assertEquals("group of doc [" + hit.getId() + "]", group, Integer.parseInt(hit.getId()) % GROUPS);
            }
            assertRanking(
                index + " filtered query " + q,
                hits,
                ExactSearch.topK(VectorSimilarity.COSINE, query, corpus, K, ord -> ord % GROUPS == group),
                ord -> ExactSearch.score(VectorSimilarity.COSINE, query, corpus[ord])
            );
        }
    }

    private SearchHit[] search(String index, QueryBuilder query, int from, int size) {
        SearchResponse response = client().prepareSearch(index).setQuery(query).setFrom(from).setSize(size).setFetchSource(false).get();
        assertNoFailures(response);
        return response.getHits().getHits();
    }

    /**
     * Asserts that {@code hits} are the {@code expected} ranking up to swaps of tied documents.
     *
     * @param exactScore the reference score of a document (by row number) for the query
     */
    private static void assertRanking(String what, SearchHit[] hits, List<Neighbor> expected, IntToDoubleFunction exactScore) {
        assertEquals(what + ": number of hits", expected.size(), hits.length);
        Set<String> seen = new HashSet<>();
        for (int rank = 0; rank < hits.length; rank++) {
            SearchHit hit = hits[rank];
            assertTrue(what + ": doc [" + hit.getId() + "] returned twice", seen.add(hit.getId()));
            int ord = Integer.parseInt(hit.getId());
            double exact = exactScore.applyAsDouble(ord);
            Neighbor wanted = expected.get(rank);
            if (Math.abs(exact - wanted.score()) > TIE_TOLERANCE) {
                fail(
                    String.format(
                        Locale.ROOT,
                        "%s: rank [%d] is doc [%d] with exact score [%.7f], expected doc [%d] with [%.7f]",
                        what,
                        rank,
                        ord,
                        exact,
                        wanted.ord(),
                        wanted.score()
                    )
                );
            }
            assertEquals(what + ": score of doc [" + ord + "] at rank [" + rank + "]", exact, hit.getScore(), SCORE_TOLERANCE);
        }
    }

    /**
     * Asserts that every segment of every copy of the index's shards stores {@code field} with the pyramid format and
     * reads it with the pyramid reader. The per-field attribute is the proof: segments may sit in compound files, and
     * a stock codec would also answer the queries correctly.
     *
     * @return the number of segments of each shard copy
     */
    private List<Integer> assertPyramidFormat(String index, String field) {
        List<Integer> segmentsPerCopy = new ArrayList<>();
        for (String node : internalCluster().getNodeNames()) {
            IndexService indexService = internalCluster().getInstance(IndicesService.class, node).indexService(resolveIndex(index));
            if (indexService == null) {
                continue;
            }
            for (IndexShard shard : indexService) {
                try (Engine.Searcher searcher = shard.acquireSearcher("pyramid-format-check")) {
                    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                    for (LeafReaderContext leaf : leaves) {
                        String where = String.format(Locale.ROOT, "%s of %s on %s", field, shard.shardId(), node);
                        FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(field);
                        assertNotNull(where + " has no field info", info);
                        assertEquals(where, Pyramid1VectorsFormat.NAME, info.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
                        KnnVectorsReader vectors = Lucene.segmentReader(leaf.reader()).getVectorReader();
                        assertThat(where, vectors, instanceOf(PerFieldKnnVectorsFormat.FieldsReader.class));
                        assertThat(
                            where,
                            ((PerFieldKnnVectorsFormat.FieldsReader) vectors).getFieldReader(field),
                            instanceOf(Pyramid1VectorsReader.class)
                        );
                    }
                    segmentsPerCopy.add(leaves.size());
                }
            }
        }
        assertEquals(index + ": shard copies", SHARDS * 2, segmentsPerCopy.size());
        return segmentsPerCopy;
    }

    private static float[] scale(float[] vector, float factor) {
        float[] scaled = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            scaled[i] = vector[i] * factor;
        }
        return scaled;
    }
}
