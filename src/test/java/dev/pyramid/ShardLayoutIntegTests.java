package dev.pyramid;

import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SharedData;

import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.opensearch.test.OpenSearchIntegTestCase.SuiteScopeTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;

/**
 * The same {@value #DOCS} SciFact sentence vectors in a 1-shard and a 3-shard index (each refreshed in batches, so
 * the segments differ too), on two nodes: at full depth with windows wide enough to be exhaustive, both return the
 * same top 10 for every SciFact test claim, in the same order with the same scores. How documents are spread over
 * shards and segments must not change an exhaustive answer.
 */
@ClusterScope(scope = Scope.SUITE, numDataNodes = 2)
@SuiteScopeTestCase
public class ShardLayoutIntegTests extends OpenSearchIntegTestCase {

    private static final String VECTORS = "scifact/vectors-all-minilm-l6-v2/";
    private static final int DOCS = 6000;
    private static final int QUERIES = 100;
    private static final int K = 10;
    private static final int BATCHES = 3;
    /** Level 1 keeps k·30² = 9,000 candidates (a scan of any segment here), level 2 keeps k·30 = 300. */
    private static final float GENEROUS_OVERSAMPLE = 30f;

    private static float[][] corpus;
    private static float[][] queries;

    @BeforeClass
    public static void loadVectors() throws IOException {
        corpus = Fvecs.readFvecs(SharedData.path(VECTORS + "corpus_sentences.fvecs"), DOCS);
        queries = Fvecs.readFvecs(SharedData.path(VECTORS + "test_queries.fvecs"), QUERIES);
    }

    @AfterClass
    public static void releaseVectors() {
        corpus = null;
        queries = null;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        for (int shards : new int[] { 1, 3 }) {
            String index = index(shards);
            Settings settings = Settings.builder()
                .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, shards)
                .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
                .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
                .put(PyramidSettings.ENABLED.getKey(), true)
                .build();
            assertAcked(
                client().admin()
                    .indices()
                    .prepareCreate(index)
                    .setSettings(settings)
                    .setMapping("{\"properties\": {\"embedding\": {\"type\": \"pyramid_vector\", \"dimension\": 384, \"similarity\": \"cosine\"}}}")
            );
            int batchSize = DOCS / BATCHES;
            for (int start = 0; start < DOCS; start += batchSize) {
                BulkRequestBuilder bulk = client().prepareBulk();
                for (int ord = start; ord < Math.min(DOCS, start + batchSize); ord++) {
                    bulk.add(
                        client().prepareIndex(index)
                            .setId(Integer.toString(ord))
                            .setSource(XContentFactory.jsonBuilder().startObject().array("embedding", corpus[ord]).endObject())
                    );
                }
                assertNoFailures(bulk.get());
                refresh(index);
            }
        }
        ensureGreen(index(1), index(3));
    }

    private static String index(int shards) {
        return "sentences-" + shards + "-shard";
    }

    public void testThreeShardsReturnTheTopTenOfOneShardAtFullDepth() {
        for (int q = 0; q < QUERIES; q++) {
            SearchHit[] one = search(index(1), queries[q]);
            SearchHit[] three = search(index(3), queries[q]);
            assertEquals("hits of query " + q, K, one.length);
            assertEquals("hits of query " + q, K, three.length);
            for (int rank = 0; rank < K; rank++) {
                String where = String.format(Locale.ROOT, "query %d rank %d", q, rank);
                assertEquals(where, one[rank].getScore(), three[rank].getScore(), 0f);
                // equal scores may come in either order (the merge breaks ties by shard): then only the score is checked
                boolean tiedWithNeighbour = (rank > 0 && one[rank - 1].getScore() == one[rank].getScore())
                    || (rank < K - 1 && one[rank + 1].getScore() == one[rank].getScore());
                if (tiedWithNeighbour == false) {
                    assertEquals(where, one[rank].getId(), three[rank].getId());
                }
            }
        }
    }

    private SearchHit[] search(String index, float[] query) {
        SearchResponse response = client().prepareSearch(index)
            .setQuery(new SpiPyramidQueryBuilder("embedding", query, K).depth(3).oversample(GENEROUS_OVERSAMPLE))
            .setSize(K)
            .setFetchSource(false)
            .get();
        assertNoFailures(response);
        return response.getHits().getHits();
    }
}
