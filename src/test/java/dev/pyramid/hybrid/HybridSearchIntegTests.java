package dev.pyramid.hybrid;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.testing.BeirJsonl;
import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SharedData;

import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.opensearch.test.OpenSearchIntegTestCase.SuiteScopeTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;

/**
 * Hybrid {@code spi_pyramid} on a two-node cluster, on 600 SciFact abstracts (text with the standard analyzer,
 * MiniLM vectors) held twice: in a 1-shard and in a 3-shard index. With {@code dfs_query_then_fetch} (global BM25
 * statistics) and an exhaustive dense search, fusion on the coordinating node must give both indices the same fused
 * ranking, scores and pages, and that ranking must be RRF of the lexical and dense lists fetched separately.
 */
@ClusterScope(scope = Scope.SUITE, numDataNodes = 2)
@SuiteScopeTestCase
public class HybridSearchIntegTests extends OpenSearchIntegTestCase {

    private static final String ONE_SHARD = "hybrid-1";
    private static final String THREE_SHARDS = "hybrid-3";
    private static final int DOCS = 600;
    private static final int QUERIES = 10;
    private static final int WINDOW = 50;
    private static final int TOP = 10;

    private static List<BeirJsonl.Entry> documents;
    private static float[][] corpus;
    private static List<String> queryTexts;
    private static float[][] queryVectors;

    @BeforeClass
    public static void loadData() throws IOException {
        documents = BeirJsonl.read(SharedData.path("scifact/beir/corpus.jsonl"), DOCS);
        corpus = Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/corpus.fvecs"), DOCS);
        Map<String, String> texts = new HashMap<>();
        for (BeirJsonl.Entry query : BeirJsonl.read(SharedData.path("scifact/beir/queries.jsonl"), Integer.MAX_VALUE)) {
            texts.put(query.id(), query.text());
        }
        // test_queries.fvecs rows follow the order in which qrels/test.tsv first names each query
        queryTexts = new ArrayList<>();
        for (String id : BeirJsonl.qrels(SharedData.path("scifact/beir/qrels/test.tsv")).keySet()) {
            if (queryTexts.size() < QUERIES) {
                queryTexts.add(texts.get(id));
            }
        }
        queryVectors = Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/test_queries.fvecs"), QUERIES);
    }

    @AfterClass
    public static void releaseData() {
        documents = null;
        corpus = null;
        queryTexts = null;
        queryVectors = null;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        for (String index : List.of(ONE_SHARD, THREE_SHARDS)) {
            Settings settings = Settings.builder()
                .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, index.equals(ONE_SHARD) ? 1 : 3)
                .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
                .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
                .put(PyramidSettings.ENABLED.getKey(), true)
                .build();
            String mapping = """
                {"properties": {
                  "text":      {"type": "text"},
                  "embedding": {"type": "pyramid_vector", "dimension": 384, "similarity": "cosine"}}}""";
            assertAcked(client().admin().indices().prepareCreate(index).setSettings(settings).setMapping(mapping));
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int ord = 0; ord < DOCS; ord++) {
                BeirJsonl.Entry doc = documents.get(ord);
                bulk.add(
                    client().prepareIndex(index)
                        .setId(doc.id())
                        .setSource(XContentFactory.jsonBuilder().startObject().field("text", doc.title() + " " + doc.text()).array("embedding", corpus[ord]).endObject())
                );
            }
            assertNoFailures(bulk.get());
        }
        refresh(ONE_SHARD, THREE_SHARDS);
        ensureGreen(ONE_SHARD, THREE_SHARDS);
    }

    /** The dense query, exhaustive (every level, wide windows) so that its top k is exact on any shard layout. */
    private static String dense(int q, int k) {
        return String.format(
            Locale.ROOT,
            "\"embedding\": {\"vector\": %s, \"k\": %d, \"depth\": 3, \"oversample\": 30}",
            Arrays.toString(queryVectors[q]),
            k
        );
    }

    private static String lexical(int q) {
        return "{\"match\": {\"text\": " + quote(queryTexts.get(q)) + "}}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static QueryBuilder hybrid(int q, String fusion, String rerank) {
        String json = "{\"spi_pyramid\": {"
            + dense(q, WINDOW)
            + ", \"hybrid\": {\"lexical\": "
            + lexical(q)
            + ", \"fusion\": "
            + fusion
            + ", \"window\": "
            + WINDOW
            + "}"
            + (rerank == null ? "" : ", \"rerank\": " + rerank)
            + "}}";
        return QueryBuilders.wrapperQuery(json);
    }

    private SearchHit[] search(String index, QueryBuilder query, int from, int size) {
        SearchResponse response = client().prepareSearch(index)
            .setSearchType(SearchType.DFS_QUERY_THEN_FETCH)
            .setQuery(query)
            .setFrom(from)
            .setSize(size)
            .get();
        assertNoFailures(response);
        return response.getHits().getHits();
    }

    private static List<String> ids(SearchHit[] hits) {
        return Arrays.stream(hits).map(SearchHit::getId).toList();
    }

    private static float[] scores(SearchHit[] hits) {
        float[] scores = new float[hits.length];
        for (int i = 0; i < hits.length; i++) {
            scores[i] = hits[i].getScore();
        }
        return scores;
    }

    private void assertSameOnBothLayouts(String what, java.util.function.IntFunction<QueryBuilder> query) {
        for (int q = 0; q < QUERIES; q++) {
            SearchHit[] one = search(ONE_SHARD, query.apply(q), 0, TOP);
            SearchHit[] three = search(THREE_SHARDS, query.apply(q), 0, TOP);
            assertEquals(what + " query " + q + ": fused top " + TOP, ids(one), ids(three));
            assertArrayEquals(what + " query " + q + ": scores", scores(one), scores(three), 0f);
            assertEquals(TOP, one.length);
        }
    }

    public void testRrfIsTheSameOnOneAndThreeShards() {
        assertSameOnBothLayouts("rrf", q -> hybrid(q, "\"rrf\"", null));
    }

    public void testLinearIsTheSameOnOneAndThreeShards() {
        assertSameOnBothLayouts("linear min_max", q -> hybrid(q, "{\"method\": \"linear\", \"normalization\": \"min_max\", \"weights\": [0.3, 0.7]}", null));
        assertSameOnBothLayouts("linear z_score", q -> hybrid(q, "{\"method\": \"linear\", \"normalization\": \"z_score\"}", null));
    }

    public void testRerankIsTheSameOnOneAndThreeShards() {
        assertSameOnBothLayouts("rrf + full_precision + diversity", q -> hybrid(q, "\"rrf\"", "[{\"full_precision\": {}}, {\"diversity\": {\"lambda\": 0.3}}]"));
    }

    /** The fused list is RRF (k 60) of the lexical top 50 and the dense top 50, fetched here as two plain searches. */
    public void testRrfOfTheSeparateLists() {
        for (int q = 0; q < QUERIES; q++) {
            SearchHit[] lexicalHits = search(THREE_SHARDS, QueryBuilders.wrapperQuery(lexical(q)), 0, WINDOW);
            SearchHit[] denseHits = search(THREE_SHARDS, QueryBuilders.wrapperQuery("{\"spi_pyramid\": {" + dense(q, WINDOW) + "}}"), 0, WINDOW);
            Map<String, Double> rrf = new HashMap<>();
            addRanks(rrf, lexicalHits);
            addRanks(rrf, denseHits);
            List<String> expected = rrf.entrySet()
                .stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(Map.Entry::getKey)
                .toList();
            SearchHit[] fused = search(THREE_SHARDS, hybrid(q, "\"rrf\"", null), 0, TOP);
            assertEquals("query " + q, expected, ids(fused));
            for (int i = 0; i < TOP; i++) {
                assertEquals(rrf.get(fused[i].getId()), fused[i].getScore(), 1e-6);
            }
        }
    }

    /** Ties by BM25 score are ranked by id in the fused list; a plain search orders them by shard, so rank them here by score then id too. */
    private static void addRanks(Map<String, Double> rrf, SearchHit[] hits) {
        SearchHit[] sorted = hits.clone();
        Arrays.sort(sorted, Comparator.comparingDouble((SearchHit h) -> h.getScore()).reversed().thenComparing(SearchHit::getId));
        for (int rank = 1; rank <= sorted.length; rank++) {
            rrf.merge(sorted[rank - 1].getId(), 1.0 / (60 + rank), Double::sum);
        }
    }

    /** Pages of the fused list: from/size slice the same ranking, and hits.total counts the fused window. */
    public void testPagesSliceTheFusedRanking() {
        for (int q = 0; q < 5; q++) {
            List<String> all = ids(search(THREE_SHARDS, hybrid(q, "\"rrf\"", null), 0, WINDOW));
            assertEquals(WINDOW, all.size());
            List<String> paged = new ArrayList<>();
            for (int from = 0; from < WINDOW; from += 7) {
                paged.addAll(ids(search(ONE_SHARD, hybrid(q, "\"rrf\"", null), from, 7)));
            }
            assertEquals("query " + q, all, paged);
            SearchResponse response = client().prepareSearch(THREE_SHARDS)
                .setSearchType(SearchType.DFS_QUERY_THEN_FETCH)
                .setQuery(hybrid(q, "\"rrf\"", null))
                .setFrom(WINDOW)
                .setSize(TOP)
                .get();
            assertEquals("past the window", 0, response.getHits().getHits().length);
            assertEquals(WINDOW, response.getHits().getTotalHits().value());
        }
    }

    /** explain shows fusion and each stage, per hit. */
    public void testExplainShowsEachStage() {
        SearchResponse response = client().prepareSearch(THREE_SHARDS)
            .setSearchType(SearchType.DFS_QUERY_THEN_FETCH)
            .setQuery(hybrid(0, "\"rrf\"", "[{\"full_precision\": {}}, {\"diversity\": {\"lambda\": 0.3}}]"))
            .setExplain(true)
            .setSize(3)
            .get();
        assertNoFailures(response);
        for (SearchHit hit : response.getHits().getHits()) {
            String explanation = hit.getExplanation().toString();
            assertEquals(hit.getScore(), hit.getExplanation().getValue().floatValue(), 0f);
            assertTrue(explanation, explanation.contains("rrf fusion: sum of 1/(60 + rank) over sources"));
            assertTrue(explanation, explanation.contains("full_precision: dense score from the stored full-precision vector"));
            assertTrue(explanation, explanation.contains("diversity: relevance + prior - lambda × max similarity"));
        }
    }
}
