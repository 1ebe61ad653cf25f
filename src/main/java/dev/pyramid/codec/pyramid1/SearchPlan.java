package dev.pyramid.codec.pyramid1;

import java.util.Arrays;
import java.util.Locale;

/**
 * How far down a pyramid a search goes and how many candidates each level passes on.
 *
 * <p>With {@code L} levels and a final {@code k}, level {@code i < L} keeps {@code window(i) = ceil(k * f_i)}
 * candidates, where {@code f_i} is {@code oversample[i-1]} when one factor per coarse level is given, and
 * {@code o^(L-i)} when a single factor {@code o} is given (each finer level divides the window by {@code o}).
 * Level 1's window is also the size of the graph search's result queue (its {@code efSearch}).
 *
 * @param depth      {@link #DEPTH_AUTO} or the number of levels to run (1 = coarsest only)
 * @param oversample one factor, or one per coarse level; null for {@link #DEFAULT_OVERSAMPLE}
 */
public record SearchPlan(int depth, float[] oversample) {

    /** Let the controller pick the depth. */
    public static final int DEPTH_AUTO = 0;
    /**
     * With three levels: level 1 keeps {@code 16k}, level 2 {@code 4k}. Under {@code depth: auto} level 1's window is
     * only a cap (the controller's certainty bound ends the traversal earlier): measured on SciFact sentences
     * (bin/bench ControllerSweep), oversample 4 with the default controller gave recall@10 0.988 for fewer vectors
     * scored than oversample 3 did with the previous, more cautious controller (0.982).
     */
    public static final float DEFAULT_OVERSAMPLE = 4.0f;
    public static final SearchPlan DEFAULT = new SearchPlan(DEPTH_AUTO, null);
    /** Every level, fixed windows: what a plain Lucene vector query gets, so that its scores are exact. */
    public static final SearchPlan FULL_DEPTH = new SearchPlan(Integer.MAX_VALUE, null);

    public SearchPlan {
        oversample = oversample == null ? null : oversample.clone();
    }

    /** The number of levels to run for a field with {@code levelCount} levels. */
    public int resolvedDepth(int levelCount) {
        return depth == DEPTH_AUTO ? levelCount : Math.min(depth, levelCount);
    }

    /** Candidates kept after level {@code level} (1-based) of {@code levelCount}; at the last level, {@code k}. */
    public int window(int level, int levelCount, int k) {
        if (level >= levelCount) {
            return k;
        }
        double factor;
        if (oversample == null) {
            factor = Math.pow(DEFAULT_OVERSAMPLE, levelCount - level);
        } else if (oversample.length == 1) {
            factor = Math.pow(oversample[0], levelCount - level);
        } else {
            factor = oversample[Math.min(level, oversample.length) - 1];
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(k, Math.ceil(k * factor)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchPlan other && depth == other.depth && Arrays.equals(oversample, other.oversample);
    }

    @Override
    public int hashCode() {
        return 31 * depth + Arrays.hashCode(oversample);
    }

    @Override
    public String toString() {
        return String.format(
            Locale.ROOT,
            "depth=%s,oversample=%s",
            depth == DEPTH_AUTO ? "auto" : depth == Integer.MAX_VALUE ? "full" : Integer.toString(depth),
            oversample == null ? "default" : Arrays.toString(oversample)
        );
    }
}
