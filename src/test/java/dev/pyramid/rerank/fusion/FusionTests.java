package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;
import dev.pyramid.rerank.CandidateKey;

import org.opensearch.test.OpenSearchTestCase;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pyramid.rerank.Candidate.DENSE;
import static dev.pyramid.rerank.Candidate.LEXICAL;

/**
 * Each fusion technique on four documents with hand-computed results: lexical ranks a, b, d (scores 3, 2, 1); dense
 * ranks a, c, d (scores 0.9, 0.8, 0.7).
 */
public class FusionTests extends OpenSearchTestCase {

    private static final List<String> SOURCES = List.of(LEXICAL, DENSE);

    static Candidate candidate(String id, Float lexical, Float dense) {
        Map<String, Float> scores = new LinkedHashMap<>();
        if (lexical != null) {
            scores.put(LEXICAL, lexical);
        }
        if (dense != null) {
            scores.put(DENSE, dense);
        }
        return Candidate.retrieved(new CandidateKey("idx", id), scores);
    }

    private static List<Candidate> fourDocuments() {
        return List.of(candidate("a", 3f, 0.9f), candidate("b", 2f, null), candidate("c", null, 0.8f), candidate("d", 1f, 0.7f));
    }

    private static Map<String, Float> scoresById(List<Candidate> fused) {
        Map<String, Float> scores = new HashMap<>();
        for (Candidate c : fused) {
            scores.put(c.key().id(), c.score());
            assertEquals("the step's explanation carries the score", c.score(), c.steps().get(c.steps().size() - 1).getValue().floatValue(), 0f);
        }
        return scores;
    }

    public void testReciprocalRankFusion() {
        Map<String, Float> scores = scoresById(new ReciprocalRankFusion(60).fuse(fourDocuments(), SOURCES));
        assertEquals(1.0 / 61 + 1.0 / 61, scores.get("a"), 1e-7);
        assertEquals(1.0 / 62, scores.get("b"), 1e-7);
        assertEquals(1.0 / 62, scores.get("c"), 1e-7);
        assertEquals(1.0 / 63 + 1.0 / 63, scores.get("d"), 1e-7);
    }

    public void testReciprocalRankFusionRankConstant() {
        Map<String, Float> scores = scoresById(new ReciprocalRankFusion(1).fuse(fourDocuments(), SOURCES));
        assertEquals(0.5 + 0.5, scores.get("a"), 1e-7);
        assertEquals(1.0 / 3, scores.get("b"), 1e-7);
        expectThrows(IllegalArgumentException.class, () -> new ReciprocalRankFusion(0));
    }

    public void testEqualSourceScoresRankByKey() {
        // b and a tie on the lexical score: rank by key, a first, whatever the input order
        List<Candidate> tied = List.of(candidate("b", 1f, null), candidate("a", 1f, null));
        Map<String, Float> scores = scoresById(new ReciprocalRankFusion(60).fuse(tied, SOURCES));
        assertEquals(1.0 / 61, scores.get("a"), 1e-7);
        assertEquals(1.0 / 62, scores.get("b"), 1e-7);
    }

    public void testLinearFusionMinMax() {
        // min-max: lexical a=1, b=0.5, d=0; dense a=1, c=0.5, d=0; missing = the list's lowest = 0
        Map<String, Float> scores = scoresById(new LinearFusion(new MinMaxNormalizer(), new float[] { 0.3f, 0.7f }).fuse(fourDocuments(), SOURCES));
        assertEquals(1.0, scores.get("a"), 1e-6);
        assertEquals(0.15, scores.get("b"), 1e-6);
        assertEquals(0.35, scores.get("c"), 1e-6);
        assertEquals(0.0, scores.get("d"), 1e-6);
    }

    public void testLinearFusionMissingSourceGetsTheListsLowestScore() {
        // l2 of lexical [3, 2, 1] = [3, 2, 1] / sqrt(14); c was not retrieved lexically, so it gets 1/sqrt(14)
        Map<String, Float> scores = scoresById(new LinearFusion(new L2Normalizer(), new float[] { 1f, 0f }).fuse(fourDocuments(), SOURCES));
        assertEquals(3 / Math.sqrt(14), scores.get("a"), 1e-6);
        assertEquals(1 / Math.sqrt(14), scores.get("c"), 1e-6);
        assertEquals(1 / Math.sqrt(14), scores.get("d"), 1e-6);
    }

    public void testLinearFusionNeedsOneWeightPerSource() {
        LinearFusion fusion = new LinearFusion(new MinMaxNormalizer(), new float[] { 1f });
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> fusion.fuse(fourDocuments(), SOURCES));
        assertEquals("[hybrid] weights must give one number per source [lexical, dense], got [1.0]", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> new LinearFusion(new MinMaxNormalizer(), new float[] { -1f, 1f }));
    }

    public void testSingleSourceFusionKeepsTheScore() {
        List<Candidate> fused = new SingleSourceFusion().fuse(List.of(candidate("a", null, 0.25f)), List.of(DENSE));
        assertEquals(0.25f, fused.get(0).score(), 0f);
    }

    public void testFusionSpecBuildsTheTechniques() {
        assertTrue(FusionSpec.RRF.toFusion(60, 2) instanceof ReciprocalRankFusion);
        assertEquals(10, ((ReciprocalRankFusion) FusionSpec.RRF.toFusion(10, 2)).rankConstant());
        ScoreFusion linear = new FusionSpec("linear", "z_score", List.of(0.3f, 0.7f)).toFusion(60, 2);
        assertEquals("linear", linear.name());
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new FusionSpec("linear", null, List.of(1f)).toFusion(60, 2));
        assertEquals("[hybrid] weights must give one number per source ([lexical, dense]), got [1.0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new FusionSpec("rrf", "min_max", null));
        assertEquals("[hybrid] fusion [rrf] takes no normalization or weights: it combines ranks; use [linear]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new FusionSpec("max", null, null));
        assertEquals("[hybrid] unknown fusion [max], expected one of [rrf, linear]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new FusionSpec("linear", "softmax", null));
        assertEquals("[hybrid] unknown normalization [softmax], expected one of [min_max, l2, z_score]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> new FusionSpec("linear", null, List.of(0f, 0f)));
        assertEquals("[hybrid] weights must not all be 0, got [0.0, 0.0]", e.getMessage());
    }
}
