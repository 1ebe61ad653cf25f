package dev.pyramid.rerank.fusion;

/**
 * {@code (x - μ) / σ} with the mean {@code μ} and the population standard deviation {@code σ} of the scores; when
 * {@code σ = 0}, each becomes 0.
 */
public final class ZScoreNormalizer implements ScoreNormalizer {

    public static final String NAME = "z_score";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] normalize(float[] scores) {
        float[] normalized = new float[scores.length];
        if (scores.length == 0) {
            return normalized;
        }
        double mean = 0;
        for (float score : scores) {
            mean += score;
        }
        mean /= scores.length;
        double variance = 0;
        for (float score : scores) {
            variance += (score - mean) * (score - mean);
        }
        double deviation = Math.sqrt(variance / scores.length);
        for (int i = 0; i < scores.length; i++) {
            normalized[i] = deviation == 0 ? 0f : (float) ((scores[i] - mean) / deviation);
        }
        return normalized;
    }
}
