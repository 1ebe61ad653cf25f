package dev.pyramid.hybrid;

import dev.pyramid.rerank.Candidate;
import dev.pyramid.rerank.CandidateKey;

import org.apache.lucene.search.Explanation;
import org.opensearch.test.OpenSearchTestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scores handed to the shards: non-negative and strictly decreasing along the final ranking. */
public class FinalScoresTests extends OpenSearchTestCase {

    private static List<Candidate> ranked(float... scores) {
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            ranked.add(Candidate.retrieved(new CandidateKey("idx", "d" + i), Map.of()).rescore(scores[i], Explanation.match(scores[i], "step")));
        }
        return ranked;
    }

    private static float[] scores(List<PyramidScoredIdsQueryBuilder.ScoredId> docs) {
        float[] scores = new float[docs.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = docs.get(i).score();
        }
        return scores;
    }

    public void testDistinctScoresAreKept() {
        assertArrayEquals(new float[] { 0.5f, 0.25f, 0f }, scores(HybridSearch.finalScores(ranked(0.5f, 0.25f, 0f), false)), 0f);
    }

    public void testTiesAreRaisedByTheFewestFloatSteps() {
        float[] result = scores(HybridSearch.finalScores(ranked(0.5f, 0.25f, 0.25f, 0f, 0f), false));
        assertArrayEquals(new float[] { 0.5f, Math.nextUp(0.25f), 0.25f, Float.MIN_VALUE, 0f }, result, 0f);
    }

    public void testNegativeScoresAreShiftedByTheMinimum() {
        assertArrayEquals(new float[] { 3f, 1f, 0f }, scores(HybridSearch.finalScores(ranked(1f, -1f, -2f), false)), 0f);
    }

    public void testExplanationCarriesTheStepsAndTheAdjustment() {
        List<PyramidScoredIdsQueryBuilder.ScoredId> docs = HybridSearch.finalScores(ranked(1f, 1f), true);
        assertEquals("spi_pyramid multi-stage retrieval: score of the last step", docs.get(1).explanation().getDescription());
        assertEquals("step", docs.get(1).explanation().getDetails()[0].getDescription());
        assertTrue(docs.get(0).explanation().getDescription(), docs.get(0).explanation().getDescription().contains("raised to"));
        assertEquals(docs.get(0).score(), docs.get(0).explanation().getValue().floatValue(), 0f);
        assertNull(HybridSearch.finalScores(ranked(1f), false).get(0).explanation());
    }
}
