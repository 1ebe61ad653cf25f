package dev.pyramid.rerank;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.rerank.fusion.SingleSourceFusion;
import dev.pyramid.testing.SciFactTexts;
import dev.pyramid.testing.ModelTestCase;
import dev.pyramid.testing.TestModels;
import dev.pyramid.testing.TokenCounter;

import org.apache.lucene.search.Explanation;
import org.opensearch.action.support.PlainActionFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.pyramid.rerank.Candidate.DENSE;
import static org.hamcrest.Matchers.containsString;

/**
 * The {@code model} rerank stage with the test models: the tiny cross-encoder (score = tokens of the passage segment,
 * so the expected order is known) and MiniLM's token embeddings with MaxSim on SciFact.
 */
public class ModelRerankStageTests extends ModelTestCase {


    private static RerankContext context(String queryText) {
        return new RerankContext("vec", new float[] { 1, 0 }, queryText, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
    }

    private static Candidate scored(String id, float score) {
        return Candidate.retrieved(new CandidateKey("idx", id), Map.of(DENSE, score)).rescore(score, Explanation.match(score, "fused"));
    }

    private static List<Candidate> run(RerankStage stage, RerankContext context, InMemoryFields fields, List<Candidate> ranked) {
        PlainActionFuture<List<Candidate>> future = PlainActionFuture.newFuture();
        new RerankCascade(List.of(stage), fields, Runnable::run).run(context, ranked, future);
        return future.actionGet();
    }

    private static RerankStage stage(String model, int window) {
        return new ModelRerankStages(testModels()).create(new ModelStageSpec(model, "text", window));
    }

    public void testCrossEncoderScoresReplaceTheRanking() throws Exception {
        InMemoryFields fields = new InMemoryFields().put("short", Map.of("text", "bone density"))
            .put("long", Map.of("text", "vitamin d supplements and the density of bone in older adults"))
            .put("listed", Map.of("text", List.of("statins", "and muscle pain")))
            .put("none", Map.of("title", "no text field"));
        List<Candidate> result = run(
            stage(TestModels.CROSS_ENCODER, RerankStageSpec.MAX_WINDOW),
            context("does vitamin d prevent fractures"),
            fields,
            List.of(scored("short", 0.9f), scored("none", 0.8f), scored("listed", 0.7f), scored("long", 0.6f))
        );
        assertEquals(List.of("long", "listed", "short", "none"), result.stream().map(c -> c.key().id()).toList());
        // the tiny model's score: the passage's tokens plus its [SEP]; a missing field is an empty passage
        try (TokenCounter counter = new TokenCounter()) {
            assertEquals(counter.tokens("vitamin d supplements and the density of bone in older adults") + 1, result.get(0).score(), 0f);
            assertEquals(counter.tokens("statins and muscle pain") + 1, result.get(1).score(), 0f);
        }
        assertEquals(1f, result.get(3).score(), 0f);
        String explanation = result.get(3).steps().get(1).toString();
        assertThat(explanation, containsString("model: cross_encoder [tiny-cross-encoder] score of the query text and field [text]"));
        assertThat(explanation, containsString("the document has no such field: scored as empty text"));
        assertThat(explanation, containsString("0.8 = score before the stage"));
    }

    public void testWindowKeepsOnlyTheBestCandidates() {
        InMemoryFields fields = new InMemoryFields();
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fields.put("d" + i, Map.of("text", "word ".repeat(i + 1)));
            ranked.add(scored("d" + i, 1f - i * 0.1f));
        }
        List<Candidate> result = run(stage(TestModels.CROSS_ENCODER, 3), context("query"), fields, ranked);
        // the stage sees d0..d2 only and ranks the longest first
        assertEquals(List.of("d2", "d1", "d0"), result.stream().map(c -> c.key().id()).toList());
        assertEquals(List.of(new CandidateKey("idx", "d0"), new CandidateKey("idx", "d1"), new CandidateKey("idx", "d2")), fields.requestedKeys.get(0));
        assertEquals(List.of(java.util.Set.of("text")), fields.requestedFields);
    }

    public void testLateInteractionPutsTheRelevantAbstractFirst() throws Exception {
        Map<String, String> corpus = SciFactTexts.corpusById();
        Map<String, String> queries = SciFactTexts.queriesById();
        Map.Entry<String, List<String>> judged = SciFactTexts.testQrels().entrySet().iterator().next();
        String relevant = judged.getValue().get(0);
        InMemoryFields fields = new InMemoryFields();
        List<Candidate> ranked = new ArrayList<>();
        List<String> ids = new ArrayList<>(corpus.keySet()).stream().sorted().limit(4).toList();
        for (String id : ids) {
            fields.put(id, Map.of("text", corpus.get(id)));
            ranked.add(scored(id, 0.9f));
        }
        fields.put(relevant, Map.of("text", corpus.get(relevant)));
        ranked.add(scored(relevant, 0.1f));
        List<Candidate> result = run(stage(TestModels.LATE_INTERACTION, RerankStageSpec.MAX_WINDOW), context(queries.get(judged.getKey())), fields, ranked);
        assertEquals(relevant, result.get(0).key().id());
        assertThat(result.get(0).steps().get(1).getDescription(), containsString("model: late_interaction [minilm-tokens]"));
    }

    public void testNeedsTheQueryText() {
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("text", "a text"));
        Exception e = expectThrows(
            IllegalArgumentException.class,
            () -> run(stage(TestModels.CROSS_ENCODER, RerankStageSpec.MAX_WINDOW), context(null), fields, List.of(scored("a", 1f)))
        );
        assertThat(e.getMessage(), containsString("[rerank] stage [model] (model [tiny-cross-encoder]) needs the query's text: give [query_text]"));
    }

    public void testTextFieldMustHoldText() {
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("text", 42));
        Exception e = expectThrows(
            IllegalArgumentException.class,
            () -> run(stage(TestModels.CROSS_ENCODER, RerankStageSpec.MAX_WINDOW), context("q"), fields, List.of(scored("a", 1f)))
        );
        assertThat(e.getMessage(), containsString("[rerank] stage [model] needs text in field [text], but document [idx][a] has [42]"));
    }

    public void testFactoryRefusesMissingAndEmbeddingModels() {
        ModelRerankStages factory = new ModelRerankStages(testModels());
        IllegalArgumentException missing = expectThrows(IllegalArgumentException.class, () -> factory.create(new ModelStageSpec("absent", "text", 5)));
        assertThat(missing.getMessage(), containsString("[rerank] stage [model]: model [absent] is not installed on this node"));
        IllegalArgumentException path = expectThrows(IllegalArgumentException.class, () -> factory.create(new ModelStageSpec("../x", "text", 5)));
        assertThat(path.getMessage(), containsString("model name [../x] is invalid"));
        IllegalArgumentException embedding = expectThrows(
            IllegalArgumentException.class,
            () -> factory.create(new ModelStageSpec(TestModels.EMBEDDING, "text", 5))
        );
        assertThat(
            embedding.getMessage(),
            containsString("model [minilm] is an [embedding] model, but a rerank stage needs a [cross_encoder] or a [late_interaction] model")
        );
    }
}
