package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the score error {@code ε} of each coarse level the way the controller uses it: as the spread of a level's
 * estimates around the exact scores <em>within</em> one query's candidates of one segment. The controller only ever
 * compares two estimates of the same query in the same segment (the k-th against the next, the k-th against a graph
 * neighbour), so an offset common to all of them cancels; only the spread around it can swap an order.
 *
 * <p>For groups {@code g} (one query, one segment, the segment's exact top candidates) with errors
 * {@code e = estimate − exact}, the pooled within-group standard deviation is
 * <pre>
 *   ε = sqrt( Σ_g Σ_j (e_gj − ē_g)² / Σ_g (n_g − 1) )
 * </pre>
 * Sums and degrees of freedom add up across shards and batches, so shards send them and the coordinating node adds.
 */
public final class LevelErrors implements Writeable {

    private final double[] sumSquares;
    private final long[] degreesOfFreedom;

    /** @param coarseLevels the number of coarse levels (levels − 1) */
    public LevelErrors(int coarseLevels) {
        this.sumSquares = new double[coarseLevels];
        this.degreesOfFreedom = new long[coarseLevels];
    }

    public LevelErrors(StreamInput in) throws IOException {
        this.sumSquares = in.readDoubleArray();
        this.degreesOfFreedom = in.readVLongArray();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeDoubleArray(sumSquares);
        out.writeVLongArray(degreesOfFreedom);
    }

    public int coarseLevels() {
        return sumSquares.length;
    }

    /**
     * Adds one group's errors at coarse level {@code level} (1-based). A group of one candidate says nothing about the
     * spread and adds nothing.
     */
    public void addGroup(int level, double[] errors) {
        if (errors.length < 2) {
            return;
        }
        double mean = 0;
        for (double e : errors) {
            mean += e;
        }
        mean /= errors.length;
        double squares = 0;
        for (double e : errors) {
            squares += (e - mean) * (e - mean);
        }
        sumSquares[level - 1] += squares;
        degreesOfFreedom[level - 1] += errors.length - 1;
    }

    /** Adds another accumulator's sums (same number of levels). */
    public void add(LevelErrors other) {
        if (other.sumSquares.length != sumSquares.length) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "level errors of %d and %d coarse levels do not add up", sumSquares.length, other.sumSquares.length)
            );
        }
        for (int i = 0; i < sumSquares.length; i++) {
            sumSquares[i] += other.sumSquares[i];
            degreesOfFreedom[i] += other.degreesOfFreedom[i];
        }
    }

    /** Degrees of freedom behind coarse level {@code level}'s error (1-based). */
    public long samples(int level) {
        return degreesOfFreedom[level - 1];
    }

    /** {@code ε} per coarse level, coarse to fine; NaN for a level without samples. */
    public float[] errors() {
        float[] errors = new float[sumSquares.length];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = degreesOfFreedom[i] == 0 ? Float.NaN : (float) Math.sqrt(sumSquares[i] / degreesOfFreedom[i]);
        }
        return errors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LevelErrors other
            && Arrays.equals(sumSquares, other.sumSquares)
            && Arrays.equals(degreesOfFreedom, other.degreesOfFreedom);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sumSquares) + Arrays.hashCode(degreesOfFreedom);
    }

    @Override
    public String toString() {
        return "LevelErrors" + Arrays.toString(errors());
    }
}
