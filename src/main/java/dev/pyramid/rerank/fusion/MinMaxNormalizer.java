package dev.pyramid.rerank.fusion;

/**
 * {@code (x - min) / (max - min)}, into [0, 1]; when all scores are equal, each becomes 1 (every document is as good
 * as the best).
 */
public final class MinMaxNormalizer implements ScoreNormalizer {

    public static final String NAME = "min_max";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] normalize(float[] scores) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float score : scores) {
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        float[] normalized = new float[scores.length];
        double range = (double) max - min;
        for (int i = 0; i < scores.length; i++) {
            normalized[i] = range == 0 ? 1f : (float) ((scores[i] - (double) min) / range);
        }
        return normalized;
    }
}
