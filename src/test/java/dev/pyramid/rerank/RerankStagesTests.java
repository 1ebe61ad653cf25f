package dev.pyramid.rerank;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.rerank.fusion.ReciprocalRankFusion;
import dev.pyramid.rerank.fusion.SingleSourceFusion;

import org.apache.lucene.search.Explanation;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.test.OpenSearchTestCase;

import java.util.List;
import java.util.Map;

import static dev.pyramid.rerank.Candidate.DENSE;
import static dev.pyramid.rerank.Candidate.LEXICAL;

/** full_precision and diversity on a few 2-d vectors, with scores computed by hand. */
public class RerankStagesTests extends OpenSearchTestCase {

    private static List<Candidate> runStage(RerankStage stage, RerankContext context, InMemoryFields fields, List<Candidate> ranked) {
        PlainActionFuture<List<Candidate>> future = PlainActionFuture.newFuture();
        new RerankCascade(List.of(stage), fields, Runnable::run).run(context, ranked, future);
        return future.actionGet();
    }

    private static RerankContext freshContext() {
        return new RerankContext("vec", new float[] { 1, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
    }

    private static Candidate scored(String id, float score, Map<String, Float> sources) {
        return Candidate.retrieved(new CandidateKey("idx", id), sources).rescore(score, Explanation.match(score, "fused"));
    }

    public void testFullPrecisionRescoresWithTheFieldSimilarity() {
        // cosine: (1 + cos) / 2; the coarse estimate 0.9 of b is replaced by the exact 0.5
        RerankContext context = new RerankContext("vec", new float[] { 2, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(0.5, 0.5))).put("b", Map.of("vec", List.of(0, 3)));
        List<Candidate> result = runStage(
            new FullPrecisionStage(new FullPrecisionSpec(RerankStage.ALL)),
            context,
            fields,
            List.of(scored("b", 0.9f, Map.of(DENSE, 0.9f)), scored("a", 0.8f, Map.of(DENSE, 0.8f)))
        );
        assertEquals("a", result.get(0).key().id());
        assertEquals((1 + Math.sqrt(0.5)) / 2, result.get(0).score(), 1e-6);
        assertEquals(0.5, result.get(1).score(), 1e-6);
        assertEquals(0.5f, result.get(1).sourceScore(DENSE), 1e-6f);
    }

    public void testFullPrecisionFillsInTheDenseScoreOfLexicalOnlyCandidatesAndFusesAgain() {
        // l2: 1 / (1 + d²). Lexical ranks b, a; dense retrieved only a. After the stage both have a dense score:
        // b at distance 0 (score 1) ranks first in dense, so RRF gives b 1/61 + 1/61 and a 1/62 + 1/62.
        RerankContext context = new RerankContext(
            "vec",
            new float[] { 0, 0 },
            null,
            List.of(LEXICAL, DENSE),
            new ReciprocalRankFusion(60),
            i -> VectorSimilarity.L2
        );
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0))).put("b", Map.of("vec", List.of(0, 0)));
        List<Candidate> result = runStage(
            new FullPrecisionStage(new FullPrecisionSpec(RerankStage.ALL)),
            context,
            fields,
            List.of(scored("a", 2 / 61f, Map.of(LEXICAL, 5f, DENSE, 0.5f)), scored("b", 1 / 61f, Map.of(LEXICAL, 9f)))
        );
        assertEquals("b", result.get(0).key().id());
        assertEquals(2.0 / 61, result.get(0).score(), 1e-7);
        assertEquals(1f, result.get(0).sourceScore(DENSE), 0f);
        assertEquals(2.0 / 62, result.get(1).score(), 1e-7);
        String explanation = result.get(0).steps().get(1).toString();
        assertTrue(explanation, explanation.contains("full_precision: dense score from the stored full-precision vector: 1.0 (retrieval: not retrieved)"));
    }

    public void testFullPrecisionRejectsAVectorOfAnotherDimension() {
        RerankContext context = new RerankContext("vec", new float[] { 1, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.L2);
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0, 0)));
        RerankStage stage = new FullPrecisionStage(new FullPrecisionSpec(RerankStage.ALL));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> runStage(stage, context, fields, List.of(scored("a", 1f, Map.of(DENSE, 1f))))
        );
        assertEquals("[full_precision] field [vec] of document [idx][a] has dimension [3], the query vector [2]", e.getMessage());
    }

    public void testDiversityMovesANearDuplicateBelowADistinctDocument() {
        // relevance (min-max): a 1, a2 0.8, b 0. cos(a, a2) = 1/sqrt(1.0001). With lambda 1, after a:
        // E(a2) = 0.8 - 0.99995 = -0.19995 < E(b) = 0 - 0 = 0, so b comes second.
        RerankContext context = new RerankContext("vec", new float[] { 1, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0)))
            .put("a2", Map.of("vec", List.of(1, 0.01)))
            .put("b", Map.of("vec", List.of(0, 1)));
        List<Candidate> result = runStage(
            new DiversityStage(new DiversitySpec(1f, null, 0.1f, RerankStage.ALL)),
            context,
            fields,
            List.of(scored("a", 1f, Map.of()), scored("a2", 0.9f, Map.of()), scored("b", 0.5f, Map.of()))
        );
        assertEquals(List.of("a", "b", "a2"), result.stream().map(c -> c.key().id()).toList());
        assertEquals(1f, result.get(0).score(), 1e-6f);
        assertEquals(0f, result.get(1).score(), 1e-6f);
        assertEquals(0.8 - 1 / Math.sqrt(1.0001), result.get(2).score(), 1e-6);
        String explanation = result.get(2).steps().get(1).toString();
        assertTrue(explanation, explanation.contains("to [idx][a], selected before"));
    }

    public void testDiversityWithoutLambdaKeepsTheOrder() {
        RerankContext context = new RerankContext("vec", new float[] { 1, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0))).put("a2", Map.of("vec", List.of(1, 0)));
        List<Candidate> result = runStage(
            new DiversityStage(new DiversitySpec(0f, null, 0.1f, RerankStage.ALL)),
            context,
            fields,
            List.of(scored("a", 1f, Map.of()), scored("a2", 0.9f, Map.of()))
        );
        assertEquals(List.of("a", "a2"), result.stream().map(c -> c.key().id()).toList());
    }

    public void testDiversityFrequencyPrior() {
        // equal relevance; prior = log(1 + f) / log(1 + 99): a 0, b 1; weight 0.5 lifts b above a
        RerankContext context = new RerankContext("vec", new float[] { 1, 0 }, null, List.of(DENSE), new SingleSourceFusion(), i -> VectorSimilarity.COSINE);
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0), "f", 0)).put("b", Map.of("vec", List.of(0, 1), "f", 99));
        List<Candidate> result = runStage(
            new DiversityStage(new DiversitySpec(0f, "f", 0.5f, RerankStage.ALL)),
            context,
            fields,
            List.of(scored("a", 1f, Map.of()), scored("b", 1f, Map.of()))
        );
        assertEquals(List.of("b", "a"), result.stream().map(c -> c.key().id()).toList());
        assertEquals(1.5f, result.get(0).score(), 1e-6f);
        assertEquals(1f, result.get(1).score(), 1e-6f);

        InMemoryFields bad = new InMemoryFields().put("a", Map.of("vec", List.of(1, 0), "f", "many"));
        RerankStage stage = new DiversityStage(new DiversitySpec(0f, "f", 0.5f, RerankStage.ALL));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> runStage(stage, freshContext(), bad, List.of(scored("a", 1f, Map.of())))
        );
        assertEquals("[diversity] frequency_field [f] of document [idx][a] must be a number, got [many]", e.getMessage());
    }
}
