package dev.pyramid;

import dev.pyramid.model.ModelRegistry;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SciFactTexts;
import dev.pyramid.testing.SharedData;
import dev.pyramid.testing.TestModels;

import org.apache.lucene.util.VectorUtil;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;
import org.junit.AfterClass;
import org.junit.BeforeClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Text in, end to end on a two-node cluster whose nodes have the int8 MiniLM in their config directories: a mapping
 * names the model, the {@code pyramid_embed} ingest processor fills the vector field from SciFact abstracts, and
 * {@code spi_pyramid} with {@code query_text} is embedded on the coordinating node. Also the errors a user meets on
 * the way: no model in the mapping, a model that is not installed, a document without its text, a bad model name.
 */
@ClusterScope(scope = Scope.SUITE, numDataNodes = 2)
public class TextInIntegTests extends OpenSearchIntegTestCase {

    private static final String INDEX = "scifact-text";
    private static final String PIPELINE = "embed-abstracts";
    private static final int JUDGED_QUERIES = 8;
    private static final int DOCS = 24;
    private static final int K = 5;

    private static ModelRegistry localModels;
    private final Map<Integer, Path> configDirs = new HashMap<>();

    @BeforeClass
    public static void openLocalModels() {
        localModels = new ModelRegistry(TestModels.dir(), createTempDir());
    }

    @AfterClass
    public static void closeLocalModels() {
        localModels.close();
        localModels = null;
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    /** Each node's config directory holds {@code pyramid/models/minilm}, as an operator would install it. */
    @Override
    protected Path nodeConfigPath(int nodeOrdinal) {
        return configDirs.computeIfAbsent(nodeOrdinal, ordinal -> {
            try {
                Path config = createTempDir();
                Path model = config.resolve("pyramid").resolve("models").resolve(TestModels.EMBEDDING);
                Files.createDirectories(model);
                for (String file : new String[] { "model.onnx", "tokenizer.json", "model.json" }) {
                    Files.copy(TestModels.dir().resolve(TestModels.EMBEDDING).resolve(file), model.resolve(file));
                }
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void putPipeline(String id, String processorJson) {
        String pipeline = "{\"processors\": [{\"pyramid_embed\": " + processorJson + "}]}";
        assertAcked(client().admin().cluster().preparePutPipeline(id, new BytesArray(pipeline), XContentType.JSON).get());
    }

    private void createIndex(String index, String vectorMapping, String defaultPipeline) {
        Settings.Builder settings = Settings.builder()
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 2)
            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
            .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
            .put(PyramidSettings.ENABLED.getKey(), true);
        if (defaultPipeline != null) {
            settings.put("index.default_pipeline", defaultPipeline);
        }
        String mapping = "{\"properties\": {\"text\": {\"type\": \"text\"}, \"embedding\": " + vectorMapping + "}}";
        assertAcked(client().admin().indices().prepareCreate(index).setSettings(settings).setMapping(mapping));
    }

    public void testMappingIngestAndQueryText() throws Exception {
        putPipeline(PIPELINE, "{\"field\": \"text\", \"target_field\": \"embedding\", \"model\": \"minilm\", \"batch_size\": 4}");
        createIndex(INDEX, "{\"type\": \"pyramid_vector\", \"dimension\": 384, \"model\": \"minilm\"}", PIPELINE);

        // the abstracts judged relevant for the first test queries, then others up to DOCS
        Map<String, List<String>> qrels = SciFactTexts.testQrels();
        List<String> queryIds = new ArrayList<>(qrels.keySet()).subList(0, JUDGED_QUERIES);
        Set<String> docIds = new LinkedHashSet<>();
        queryIds.forEach(q -> docIds.addAll(qrels.get(q)));
        List<String> corpusIds = Files.readAllLines(SharedData.path("scifact/vectors-all-minilm-l6-v2/corpus.ids.txt"));
        for (int row = 0; docIds.size() < DOCS; row++) {
            docIds.add(corpusIds.get(row));
        }
        Map<String, String> corpus = SciFactTexts.corpusById();
        BulkRequestBuilder bulk = client().prepareBulk();
        for (String id : docIds) {
            bulk.add(client().prepareIndex(INDEX).setId(id).setSource(Map.of("text", corpus.get(id))));
        }
        BulkResponse indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        refresh(INDEX);

        // the ingested vectors are MiniLM's: close to the fp32 reference vectors of the same abstracts
        float[][] reference = Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/corpus.fvecs"));
        for (String id : docIds) {
            Map<String, Object> source = client().prepareGet(INDEX, id).get().getSourceAsMap();
            @SuppressWarnings("unchecked")
            List<Number> stored = (List<Number>) source.get("embedding");
            float[] vector = new float[stored.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = stored.get(i).floatValue();
            }
            assertThat(id, (double) VectorUtil.cosine(vector, reference[corpusIds.indexOf(id)]), greaterThanOrEqualTo(0.95));
        }

        Map<String, String> queries = SciFactTexts.queriesById();
        int relevantFirst = 0;
        for (String queryId : queryIds) {
            String text = queries.get(queryId);
            SearchHit[] byText = search(queryText(text));
            // the same as sending the vector the model gives for that text
            SearchHit[] byVector = search(new SpiPyramidQueryBuilder("embedding", localModels.embedder(TestModels.EMBEDDING).embed(text), K));
            assertEquals(K, byText.length);
            for (int i = 0; i < K; i++) {
                assertEquals(byVector[i].getId(), byText[i].getId());
                assertEquals(byVector[i].getScore(), byText[i].getScore(), 1e-5f);
            }
            relevantFirst += qrels.get(queryId).contains(byText[0].getId()) ? 1 : 0;
        }
        logger.info(
            String.format(Locale.ROOT, "query_text: a relevant abstract first for %d of %d claims among %d abstracts", relevantFirst, JUDGED_QUERIES, DOCS)
        );
        // a sanity bound far below what MiniLM does here (a wrong or missing embedding would rank at random: 1 in 24)
        assertThat(relevantFirst, greaterThanOrEqualTo(JUDGED_QUERIES / 2));
    }

    public void testQueryTextWithoutModelInMapping() {
        createIndex("no-model", "{\"type\": \"pyramid_vector\", \"dimension\": 384}", null);
        Exception e = expectThrows(Exception.class, () -> search("no-model", queryText("a claim")));
        assertBadRequest(e, "[spi_pyramid] [query_text] needs a [model] in the mapping of field [embedding], but index [no-model] names none");
    }

    public void testQueryTextWithModelNotInstalled() {
        createIndex("absent-model", "{\"type\": \"pyramid_vector\", \"dimension\": 384, \"model\": \"absent\"}", null);
        Exception e = expectThrows(Exception.class, () -> search("absent-model", queryText("a claim")));
        assertBadRequest(e, "[spi_pyramid] [query_text] of field [embedding]: model [absent] is not installed on this node");
    }

    public void testIngestErrors() {
        putPipeline("embed-missing-model", "{\"field\": \"text\", \"target_field\": \"embedding\", \"model\": \"absent\"}");
        putPipeline("embed-title", "{\"field\": \"title\", \"target_field\": \"embedding\", \"model\": \"minilm\", \"batch_size\": 3}");
        createIndex("ingest-errors", "{\"type\": \"pyramid_vector\", \"dimension\": 384, \"model\": \"minilm\"}", null);

        BulkResponse missingModel = client().prepareBulk()
            .add(client().prepareIndex("ingest-errors").setId("1").setSource(Map.of("text", "a text")).setPipeline("embed-missing-model"))
            .get();
        assertThat(missingModel.getItems()[0].getFailureMessage(), containsString("[pyramid_embed] cannot embed field [text] into [embedding]: model [absent] is not installed"));

        // in one batch: the documents without a title fail alone, the others are embedded
        BulkResponse mixed = client().prepareBulk()
            .add(client().prepareIndex("ingest-errors").setId("a").setSource(Map.of("title", "vitamin d and bone density")).setPipeline("embed-title"))
            .add(client().prepareIndex("ingest-errors").setId("b").setSource(Map.of("text", "no title here")).setPipeline("embed-title"))
            .add(client().prepareIndex("ingest-errors").setId("c").setSource(Map.of("title", 42)).setPipeline("embed-title"))
            .add(client().prepareIndex("ingest-errors").setId("d").setSource(Map.of("title", "statins and muscle pain")).setPipeline("embed-title"))
            .get();
        BulkItemResponse[] items = mixed.getItems();
        assertFalse(items[0].getFailureMessage(), items[0].isFailed());
        assertThat(items[1].getFailureMessage(), containsString("[pyramid_embed] field [title] is missing or null"));
        assertThat(items[2].getFailureMessage(), containsString("[pyramid_embed] field [title] must be a string to embed, got [42]"));
        assertFalse(items[3].getFailureMessage(), items[3].isFailed());
        assertEquals(384, ((List<?>) client().prepareGet("ingest-errors", "d").get().getSourceAsMap().get("embedding")).size());
    }

    public void testPipelineWithAPathAsModelName() {
        String pipeline = "{\"processors\": [{\"pyramid_embed\": {\"field\": \"text\", \"target_field\": \"embedding\", \"model\": \"../../etc\"}}]}";
        Exception e = expectThrows(
            Exception.class,
            () -> client().admin().cluster().preparePutPipeline("bad-name", new BytesArray(pipeline), XContentType.JSON).get()
        );
        assertBadRequest(e, "[model] model name [../../etc] is invalid");
    }

    /**
     * {@code query_text} as a user sends it: as JSON, parsed on the coordinating node by the plugin's parser, which
     * hands the query the node's embedder (a query built in Java would need {@code textEmbedder(...)}).
     */
    private static QueryBuilder queryText(String text) {
        String json = String.format(
            Locale.ROOT,
            "{\"spi_pyramid\": {\"embedding\": {\"query_text\": \"%s\", \"k\": %d}}}",
            text.replace("\\", "\\\\").replace("\"", "\\\""),
            K
        );
        return QueryBuilders.wrapperQuery(json);
    }

    private SearchHit[] search(QueryBuilder query) {
        return search(INDEX, query);
    }

    private SearchHit[] search(String index, QueryBuilder query) {
        SearchResponse response = client().prepareSearch(index).setQuery(query).setSize(K).setFetchSource(false).get();
        assertNoFailures(response);
        return response.getHits().getHits();
    }

    private static void assertBadRequest(Exception e, String message) {
        assertEquals(RestStatus.BAD_REQUEST, ExceptionsHelper.status(e));
        assertThat(ExceptionsHelper.unwrapCause(e).getMessage() + " | " + ExceptionsHelper.stackTrace(e), containsString(message));
    }
}
