package dev.pyramid.rerank.fusion;

import org.opensearch.test.OpenSearchTestCase;

/** Each normalization on hand-computed inputs, with its degenerate case. */
public class ScoreNormalizerTests extends OpenSearchTestCase {

    public void testMinMax() {
        assertArrayEquals(new float[] { 1f, 0.5f, 0f }, new MinMaxNormalizer().normalize(new float[] { 4f, 3f, 2f }), 1e-7f);
        assertArrayEquals("equal scores are all the best", new float[] { 1f, 1f }, new MinMaxNormalizer().normalize(new float[] { 7f, 7f }), 0f);
    }

    public void testL2() {
        assertArrayEquals(new float[] { 0.6f, 0.8f }, new L2Normalizer().normalize(new float[] { 3f, 4f }), 1e-7f);
        assertArrayEquals(new float[] { 0f, 0f }, new L2Normalizer().normalize(new float[] { 0f, 0f }), 0f);
    }

    public void testZScore() {
        // mean 2, population deviation sqrt(2/3)
        float z = (float) (1 / Math.sqrt(2.0 / 3));
        assertArrayEquals(new float[] { -z, 0f, z }, new ZScoreNormalizer().normalize(new float[] { 1f, 2f, 3f }), 1e-6f);
        assertArrayEquals(new float[] { 0f, 0f }, new ZScoreNormalizer().normalize(new float[] { 5f, 5f }), 0f);
    }

    public void testEmptyLists() {
        for (String name : ScoreNormalizers.NAMES) {
            assertEquals(0, ScoreNormalizers.byName(name).normalize(new float[0]).length);
            assertEquals(name, ScoreNormalizers.byName(name).name());
        }
    }
}
