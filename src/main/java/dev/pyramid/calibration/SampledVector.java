package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Comparator;

/**
 * A pseudo-query: a stored vector drawn by {@link ShardCalibrator#sample}, with its sampling key and the {@code _id}
 * of its document (excluded from its own answers), or a query vector the caller gave (no id: nothing to exclude).
 */
public record SampledVector(long key, String id, float[] vector) implements Writeable {

    /** Sampling order: by key, then id, so that the sample does not depend on which shard holds what. */
    public static final Comparator<SampledVector> SAMPLING_ORDER = Comparator.comparingLong(SampledVector::key)
        .thenComparing(SampledVector::id, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** A query vector given by the caller, in its place {@code position} of the caller's list. */
    public static SampledVector given(int position, float[] vector) {
        return new SampledVector(position, null, vector);
    }

    public SampledVector(StreamInput in) throws IOException {
        this(in.readLong(), in.readOptionalString(), in.readFloatArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(key);
        out.writeOptionalString(id);
        out.writeFloatArray(vector);
    }
}
