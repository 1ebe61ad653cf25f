package dev.pyramid.rerank;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.rerank.fusion.SingleSourceFusion;

import org.apache.lucene.search.Explanation;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.test.OpenSearchTestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cascade: windows narrow, fields are fetched once per stage window, stages' outputs are checked and sorted. */
public class RerankCascadeTests extends OpenSearchTestCase {

    static RerankContext context() {
        return new RerankContext("vec", new float[] { 1, 0 }, null, List.of(Candidate.DENSE), new SingleSourceFusion(), index -> VectorSimilarity.COSINE);
    }

    static List<Candidate> ranked(String... ids) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            float score = ids.length - i;
            candidates.add(
                Candidate.retrieved(new CandidateKey("idx", ids[i]), Map.of(Candidate.DENSE, score))
                    .rescore(score, Explanation.match(score, "dense score"))
            );
        }
        return candidates;
    }

    /** Scores each candidate by the number in its {@code "n"} field. */
    private static RerankStage byField(int window) {
        return new RerankStage() {
            @Override
            public String name() {
                return "by_field";
            }

            @Override
            public int window() {
                return window;
            }

            @Override
            public Set<String> fields(RerankContext context) {
                return Set.of("n");
            }

            @Override
            public List<Candidate> rerank(RerankContext context, List<Candidate> candidates) {
                List<Candidate> out = new ArrayList<>();
                for (Candidate c : candidates) {
                    float n = ((Number) context.field(c, "n")).floatValue();
                    out.add(c.rescore(n, Explanation.match(n, "field n")));
                }
                return out;
            }
        };
    }

    private static List<Candidate> run(RerankCascade cascade, RerankContext context, List<Candidate> ranked) {
        PlainActionFuture<List<Candidate>> future = PlainActionFuture.newFuture();
        cascade.run(context, ranked, future);
        return future.actionGet();
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.key().id()).toList();
    }

    public void testNoStagePassesThrough() {
        List<Candidate> ranked = ranked("a", "b");
        assertSame(ranked, run(new RerankCascade(List.of(), new InMemoryFields(), Runnable::run), context(), ranked));
    }

    public void testStagesNarrowAndFetchOnlyTheirWindow() {
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("n", 1)).put("b", Map.of("n", 3)).put("c", Map.of("n", 2)).put("d", Map.of("n", 9));
        RerankCascade cascade = new RerankCascade(List.of(byField(3), byField(2)), fields, Runnable::run);
        List<Candidate> result = run(cascade, context(), ranked("a", "b", "c", "d"));
        // window 3 drops d (never fetched); b(3) > c(2) > a(1); then window 2 keeps b, c
        assertEquals(List.of("b", "c"), ids(result));
        assertEquals("the second stage found its fields already fetched", 1, fields.requestedKeys.size());
        assertEquals(3, fields.requestedKeys.get(0).size());
        assertEquals(3, result.get(0).steps().size());
        assertEquals(3f, result.get(0).score(), 0f);
    }

    public void testEqualScoresKeepTheIncomingOrder() {
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("n", 5)).put("b", Map.of("n", 5)).put("c", Map.of("n", 5));
        List<Candidate> result = run(new RerankCascade(List.of(byField(RerankStage.ALL)), fields, Runnable::run), context(), ranked("c", "a", "b"));
        assertEquals(List.of("c", "a", "b"), ids(result));
    }

    public void testUndeclaredFieldIsAnError() {
        RerankContext context = context();
        Candidate a = ranked("a").get(0);
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> context.field(a, "text"));
        assertEquals("field [text] of candidate [idx][a] was not fetched: a stage must declare the fields it reads", e.getMessage());
    }

    public void testAStageMustReturnEachCandidateOnce() {
        RerankStage dropsOne = new RerankStage() {
            @Override
            public String name() {
                return "drops_one";
            }

            @Override
            public List<Candidate> rerank(RerankContext context, List<Candidate> candidates) {
                return candidates.subList(0, 1);
            }
        };
        IllegalStateException e = expectThrows(
            IllegalStateException.class,
            () -> RerankCascade.apply(dropsOne, context(), ranked("a", "b"))
        );
        assertEquals("rerank stage [drops_one] returned 1 candidates for 2", e.getMessage());
    }

    public void testStageFailureReachesTheListener() {
        InMemoryFields fields = new InMemoryFields().put("a", Map.of("n", "not a number"));
        RerankCascade cascade = new RerankCascade(List.of(byField(RerankStage.ALL)), fields, Runnable::run);
        expectThrows(ClassCastException.class, () -> run(cascade, context(), ranked("a")));
    }

    public void testModelEntriesNeedAModelRuntime() {
        RerankStageFactory factory = new RerankStageFactory(ModelStageFactory.UNAVAILABLE);
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> factory.create(new ModelStageSpec("minilm", "text", 20))
        );
        assertEquals(
            "[rerank] stage [model] (model [minilm]) is not available: this node has no model runtime for rerank stages",
            e.getMessage()
        );
        assertTrue(factory.create(new FullPrecisionSpec(RerankStage.ALL)) instanceof FullPrecisionStage);
        assertTrue(factory.create(new DiversitySpec(0.5f, null, 0.1f, RerankStage.ALL)) instanceof DiversityStage);
    }
}
