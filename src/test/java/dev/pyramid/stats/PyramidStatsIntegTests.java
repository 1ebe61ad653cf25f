package dev.pyramid.stats;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SharedData;

import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.plugins.Plugin;
import org.opensearch.rest.action.RestActions;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.opensearch.test.OpenSearchIntegTestCase.SuiteScopeTestCase;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The stats action on two data nodes holding one copy each of every shard (1 replica), over the first
 * {@value #DOCS} SciFact MiniLM vectors (384 dims): vector counts per copy, bytes per vector of each encoding, the
 * hot-set budget, query counters per node, and index resolution.
 */
@ClusterScope(scope = Scope.SUITE, numDataNodes = 2)
@SuiteScopeTestCase
public class PyramidStatsIntegTests extends OpenSearchIntegTestCase {

    private static final String INDEX = "stats-scifact";
    private static final String PLAIN_INDEX = "stats-plain";
    private static final int DOCS = 600;
    private static final int SHARDS = 2;
    private static final int COPIES = 2;
    private static final int DIM = 384;
    /** Binary code: 384 bits = 48 bytes, plus 16 bytes of corrections (lower, upper, additional, component sum). */
    private static final int BINARY_BYTES = 384 / 8 + 16;
    /** Int4 code: two dimensions per byte = 192 bytes, plus 16 bytes of corrections. */
    private static final int INT4_BYTES = 384 / 2 + 16;
    private static final int FLOAT_BYTES = 384 * Float.BYTES;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        float[][] vectors = Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/corpus.fvecs"), DOCS);
        assertEquals(DOCS, vectors.length);
        String mapping = String.format(Locale.ROOT, """
            {"properties": {
              "embedding": {"type": "pyramid_vector", "dimension": %d, "similarity": "cosine"},
              "compact":   {"type": "pyramid_vector", "dimension": %d, "similarity": "cosine",
                            "levels": [{"dims": %d, "encoding": "binary"}, {"dims": %d, "encoding": "float"}]}}}""", DIM, DIM, DIM, DIM);
        Settings settings = Settings.builder()
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, SHARDS)
            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, COPIES - 1)
            // the test cluster would otherwise pick a random codec, which bypasses the plugin's
            .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
            .put(PyramidSettings.ENABLED.getKey(), true)
            .build();
        assertAcked(client().admin().indices().prepareCreate(INDEX).setSettings(settings).setMapping(mapping));
        String plainMapping = "{\"properties\": {\"title\": {\"type\": \"keyword\"}}}";
        assertAcked(client().admin().indices().prepareCreate(PLAIN_INDEX).setSettings(settings).setMapping(plainMapping));
        // Two bulks with a flush between them: several segments per shard copy.
        for (int start = 0; start < DOCS; start += DOCS / 2) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int ord = start; ord < start + DOCS / 2; ord++) {
                XContentBuilder source = XContentFactory.jsonBuilder().startObject();
                source.array("embedding", vectors[ord]).array("compact", vectors[ord]);
                bulk.add(client().prepareIndex(INDEX).setId(Integer.toString(ord)).setSource(source.endObject()));
            }
            assertNoFailures(bulk.get());
            flushAndRefresh(INDEX);
        }
        ensureGreen(INDEX, PLAIN_INDEX);
    }

    private PyramidStatsResponse stats(String... indices) {
        PyramidStatsResponse response = client().execute(PyramidStatsAction.INSTANCE, new PyramidStatsRequest().indices(indices))
            .actionGet();
        assertFalse("node failures: " + response.failures(), response.hasFailures());
        assertEquals(internalCluster().size(), response.getNodes().size());
        return response;
    }

    public void testEveryCopyCountedWithExactBytesPerLevel() throws IOException {
        PyramidStatsResponse response = stats();
        XContentBuilder json = XContentFactory.jsonBuilder().prettyPrint();
        logger.info("stats: {}", RestActions.nodesResponse(json, ToXContent.EMPTY_PARAMS, response).content().utf8ToString());
        long vectors = 0;
        int shards = 0;
        int dataNodes = 0;
        for (PyramidStatsNodeResponse node : response.getNodes()) {
            Map<String, FieldStats> fields = node.stats().indices().get(INDEX);
            if (fields == null) {
                assertFalse("a data node holds copies of " + INDEX, node.getNode().isDataNode());
                continue;
            }
            dataNodes++;
            assertFalse("only pyramid indices are listed", node.stats().indices().containsKey(PLAIN_INDEX));
            assertEquals(List.of("compact", "embedding"), List.copyOf(fields.keySet()));

            FieldStats embedding = fields.get("embedding");
            // With one replica on two data nodes, each node holds one copy of every shard, hence every document.
            assertEquals(DOCS, embedding.vectorCount());
            assertEquals(SHARDS, embedding.shards());
            assertThat(embedding.segments(), greaterThanOrEqualTo(SHARDS));
            assertLevels(
                embedding,
                List.of(LevelEncoding.BINARY, LevelEncoding.INT4, LevelEncoding.FLOAT),
                List.of(BINARY_BYTES, INT4_BYTES, FLOAT_BYTES)
            );
            assertThat(embedding.graphBytes(), greaterThan(0L));
            assertEquals((long) (BINARY_BYTES + INT4_BYTES) * DOCS + embedding.graphBytes(), embedding.hotBytes());

            FieldStats compact = fields.get("compact");
            assertEquals(DOCS, compact.vectorCount());
            assertLevels(compact, List.of(LevelEncoding.BINARY, LevelEncoding.FLOAT), List.of(BINARY_BYTES, FLOAT_BYTES));
            // The 1/6 budget of float32 (256 bytes for 384 dims) holds for a binary + float pyramid, graph included.
            assertThat(compact.bytesPerVector(compact.hotBytes()), lessThanOrEqualTo(FLOAT_BYTES / 6.0));

            logger.info(
                "node [{}] embedding: binary {} B/vector, int4 {} B/vector, float {} B/vector, graph {} B/vector, hot {} B/vector "
                    + "(1/6 of float32 = {} B); compact: binary {} B/vector, graph {} B/vector, hot {} B/vector",
                node.getNode().getName(),
                embedding.bytesPerVector(embedding.levels().get(0).offHeapBytes()),
                embedding.bytesPerVector(embedding.levels().get(1).offHeapBytes()),
                embedding.bytesPerVector(embedding.levels().get(2).offHeapBytes()),
                embedding.bytesPerVector(embedding.graphBytes()),
                embedding.bytesPerVector(embedding.hotBytes()),
                FLOAT_BYTES / 6.0,
                compact.bytesPerVector(compact.levels().get(0).offHeapBytes()),
                compact.bytesPerVector(compact.graphBytes()),
                compact.bytesPerVector(compact.hotBytes())
            );
            vectors += embedding.vectorCount();
            shards += embedding.shards();
        }
        assertEquals(COPIES, dataNodes);
        assertEquals((long) DOCS * COPIES, vectors);
        assertEquals(SHARDS * COPIES, shards);
    }

    private static void assertLevels(FieldStats field, List<LevelEncoding> encodings, List<Integer> bytesPerVector) {
        assertEquals(encodings.size(), field.levels().size());
        for (int i = 0; i < encodings.size(); i++) {
            LevelStats level = field.levels().get(i);
            assertEquals(i + 1, level.level());
            assertEquals(encodings.get(i), level.spec().encoding());
            assertEquals(DIM, level.spec().dims());
            assertEquals(level.toString(), (long) bytesPerVector.get(i) * field.vectorCount(), level.offHeapBytes());
            if (level.spec().encoding() == LevelEncoding.FLOAT) {
                assertEquals(level.offHeapBytes(), level.diskBytes());
            } else {
                // codes plus a share of the level files' metadata (centroid, level table), headers and footers
                assertThat(level.diskBytes(), greaterThan(level.offHeapBytes()));
            }
        }
    }

    public void testQueryCountersArePerNode() {
        String nodeName = internalCluster().getDataNodeNames().iterator().next();
        PyramidQueryStats counters = internalCluster().getInstance(PyramidQueryStats.class, nodeName);
        Map<String, QueryCounts> before = queryCounts();
        counters.recordQuery(1);
        counters.recordQuery(3);
        counters.recordQuery(3);
        Map<String, QueryCounts> after = queryCounts();
        for (Map.Entry<String, QueryCounts> entry : after.entrySet()) {
            QueryCounts was = before.get(entry.getKey());
            QueryCounts now = entry.getValue();
            boolean recorded = entry.getKey().equals(nodeName);
            assertEquals(entry.getKey(), was.total() + (recorded ? 3 : 0), now.total());
            assertEquals(entry.getKey(), was.stoppedAtLevel(1) + (recorded ? 1 : 0), now.stoppedAtLevel(1));
            assertEquals(entry.getKey(), was.stoppedAtLevel(3) + (recorded ? 2 : 0), now.stoppedAtLevel(3));
        }
    }

    private Map<String, QueryCounts> queryCounts() {
        Map<String, QueryCounts> counts = new HashMap<>();
        for (PyramidStatsNodeResponse node : stats().getNodes()) {
            counts.put(node.getNode().getName(), node.stats().queries());
        }
        return counts;
    }

    public void testIndexExpressions() {
        List<List<String>> allExpressions = List.of(List.of("stats-*"), List.of(INDEX), List.of(INDEX, PLAIN_INDEX), List.of("_all"), List.of());
        for (List<String> expressions : allExpressions) {
            String expression = expressions.toString();
            long vectors = 0;
            for (PyramidStatsNodeResponse node : stats(expressions.toArray(String[]::new)).getNodes()) {
                assertTrue(expression, node.stats().indices().keySet().stream().allMatch(INDEX::equals));
                FieldStats embedding = node.stats().indices().getOrDefault(INDEX, Map.of()).get("embedding");
                vectors += embedding == null ? 0 : embedding.vectorCount();
            }
            assertEquals(expression, (long) DOCS * COPIES, vectors);
        }
        for (PyramidStatsNodeResponse node : stats(PLAIN_INDEX).getNodes()) {
            assertEquals(Map.of(), node.stats().indices());
        }
        expectThrows(
            IndexNotFoundException.class,
            () -> client().execute(PyramidStatsAction.INSTANCE, new PyramidStatsRequest().indices("missing")).actionGet()
        );
        PyramidStatsRequest lenient = new PyramidStatsRequest().indices("missing");
        lenient.indicesOptions(IndicesOptions.lenientExpandOpen());
        for (PyramidStatsNodeResponse node : client().execute(PyramidStatsAction.INSTANCE, lenient).actionGet().getNodes()) {
            assertEquals(Map.of(), node.stats().indices());
        }
    }
}
