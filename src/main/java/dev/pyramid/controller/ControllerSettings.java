package dev.pyramid.controller;

import dev.pyramid.quantization.LevelEncoding;

import java.util.Arrays;
import java.util.Locale;

/**
 * The adaptive controller's parameters for one field: the typical score error of each coarse level's estimates
 * ({@code levelErrors[i]} for level {@code i + 1}, as a root-mean-square difference from the exact score) and the
 * confidence multiplier {@code z}. Uncalibrated {@code cosine} fields (Lucene's COSINE, or DOT_PRODUCT on unit
 * vectors; the mapping's {@code dot_product} is Lucene's MAXIMUM_INNER_PRODUCT and gets no defaults) use per-encoding
 * defaults measured on SciFact with all-MiniLM-L6-v2 (scores on the {@code (1 + cos) / 2} scale). For l2 and
 * maximum-inner-product scores the scale depends on the data's norms, so uncalibrated errors are unknown
 * ({@code NaN}) and the controller keeps the plan's fixed windows; {@code POST <index>/_pyramid/calibrate} measures them on the index's own vectors.
 *
 * <p>The traversal slack is the least margin below the k-th estimate that level 1's graph traversal explores, whatever
 * that level's error: a graph search reaches the best nodes through worse ones (what {@code efSearch} buys in HNSW),
 * so an accurate level 1 bounded by its small error alone stops too early. Measured on SciFact sentences with an
 * int4 level 1 (error 0.0044): margins 0.032 and 0.042 gave recall@10 0.981 and 0.989 at level-1 cap 100; 0.0106
 * (z·ε·√2 at z = 1.5) gave 0.924. A binary level 1 (z·ε·√2 = 0.042) is not affected.
 *
 * @param z              how many level errors a score gap must exceed to count as certain
 * @param levelErrors    score error per coarse level, in score units
 * @param traversalSlack least traversal margin, in score units; NaN when unknown (then the margin is z·ε·√2 alone)
 */
public record ControllerSettings(float z, float[] levelErrors, float traversalSlack) {

    /**
     * Measured on SciFact sentences (bin/bench ControllerSweep, 300 queries, recall@10 against exact): with the default
     * level errors and oversample 4, z = 1.5 keeps recall within 0.004 of depth full (0.988 against 0.991) while
     * scoring about half as many vectors; z = 2.5 scored 1.6x more for 0.003 more recall, z = 1.0 lost 0.026.
     */
    public static final float DEFAULT_Z = 1.5f;

    /** Default traversal slack on the {@code (1 + cos) / 2} scale (see the class doc). */
    public static final float DEFAULT_TRAVERSAL_SLACK = 0.04f;

    /** Settings without a known traversal slack (calibrated ones: calibration fits z to the margin it needs). */
    public ControllerSettings(float z, float[] levelErrors) {
        this(z, levelErrors, Float.NaN);
    }

    public ControllerSettings {
        if (Float.isFinite(z) == false || z < 0) {
            throw new IllegalArgumentException("controller z must be a finite number >= 0, got [" + z + "]");
        }
        if (Float.isNaN(traversalSlack) == false && (Float.isFinite(traversalSlack) == false || traversalSlack < 0)) {
            throw new IllegalArgumentException("traversal slack must be finite and >= 0, got [" + traversalSlack + "]");
        }
        levelErrors = levelErrors.clone();
        for (float error : levelErrors) {
            if (Float.isNaN(error) == false && (Float.isFinite(error) == false || error < 0)) {
                throw new IllegalArgumentException("level errors must be finite and >= 0, got " + Arrays.toString(levelErrors));
            }
        }
    }

    /**
     * Defaults for a pyramid whose coarse levels use these encodings.
     *
     * @param unitScale whether scores are on the {@code (1 + cos) / 2} scale (cosine, dot product of unit vectors)
     */
    public static ControllerSettings defaults(boolean unitScale, LevelEncoding... coarseEncodings) {
        float[] errors = new float[coarseEncodings.length];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = unitScale ? defaultError(coarseEncodings[i]) : Float.NaN;
        }
        return new ControllerSettings(DEFAULT_Z, errors, unitScale ? DEFAULT_TRAVERSAL_SLACK : Float.NaN);
    }

    /** Whether level {@code level}'s error is known (calibrated, or a default on the unit scale). */
    public boolean knows(int level) {
        return Float.isNaN(error(level)) == false;
    }

    /**
     * RMS score error of a full-dimension level on unit-length 384-d MiniLM vectors (see class doc). Measured again
     * with bin/bench ControllerSweep over the exact top 100 of 300 SciFact test queries: binary 0.0189 (0.0206 over
     * the top 10), int4 0.0044 (0.0051); the defaults round up.
     */
    static float defaultError(LevelEncoding encoding) {
        return switch (encoding) {
            case BINARY -> 0.020f;
            case INT4 -> 0.005f;
            case INT8 -> 0.0012f;
            case FLOAT -> 0f;
        };
    }

    /** The error of coarse level {@code level} (1-based); 0 for the exact last level. */
    public float error(int level) {
        return level <= levelErrors.length ? levelErrors[level - 1] : 0f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControllerSettings other
            && z == other.z
            && Arrays.equals(levelErrors, other.levelErrors)
            && Float.compare(traversalSlack, other.traversalSlack) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Float.hashCode(z) + Arrays.hashCode(levelErrors)) + Float.hashCode(traversalSlack);
    }

    @Override
    public String toString() {
        return Float.isNaN(traversalSlack)
            ? String.format(Locale.ROOT, "z=%s,errors=%s", z, Arrays.toString(levelErrors))
            : String.format(Locale.ROOT, "z=%s,errors=%s,slack=%s", z, Arrays.toString(levelErrors), traversalSlack);
    }
}
