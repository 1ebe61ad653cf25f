package dev.pyramid.rerank.fusion;

/** {@code x / sqrt(Σ x²)}: the scores as a unit vector; all zeros stay zeros. */
public final class L2Normalizer implements ScoreNormalizer {

    public static final String NAME = "l2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[] normalize(float[] scores) {
        double sumOfSquares = 0;
        for (float score : scores) {
            sumOfSquares += (double) score * score;
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] normalized = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            normalized[i] = norm == 0 ? 0f : (float) (scores[i] / norm);
        }
        return normalized;
    }
}
