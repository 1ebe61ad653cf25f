package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.Comparator;

/**
 * A stored vector drawn as a pseudo-query, with the {@code _id} of its document (excluded from its own answers) and
 * its sampling key (see {@link ShardCalibrator#sample}).
 */
public record SampledVector(long key, String id, float[] vector) implements Writeable {

    /** Sampling order: by key, then id, so that the sample does not depend on which shard holds what. */
    public static final Comparator<SampledVector> SAMPLING_ORDER = Comparator.comparingLong(SampledVector::key)
        .thenComparing(SampledVector::id);

    public SampledVector(StreamInput in) throws IOException {
        this(in.readLong(), in.readString(), in.readFloatArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeLong(key);
        out.writeString(id);
        out.writeFloatArray(vector);
    }
}
