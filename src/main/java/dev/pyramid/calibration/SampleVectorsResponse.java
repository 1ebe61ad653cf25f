package dev.pyramid.calibration;

import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.action.support.broadcast.BroadcastShardResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;
import java.util.List;

/** The sample over all shards ({@code size} smallest keys, in sampling order) and the field's number of levels. */
public final class SampleVectorsResponse extends BroadcastResponse {

    /** Sampled vectors in sampling order, and the field's number of levels: what a shard and the merge return. */
    record Sample(List<SampledVector> vectors, int levelCount) implements Writeable {
        Sample {
            vectors = List.copyOf(vectors);
        }

        Sample(StreamInput in) throws IOException {
            this(in.readList(SampledVector::new), in.readVInt());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeList(vectors);
            out.writeVInt(levelCount);
        }
    }

    private final Sample sample;

    SampleVectorsResponse(int totalShards, int successfulShards, List<DefaultShardOperationFailedException> failures, Sample sample) {
        super(totalShards, successfulShards, failures.size(), failures);
        this.sample = sample;
    }

    public SampleVectorsResponse(StreamInput in) throws IOException {
        super(in);
        this.sample = new Sample(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        sample.writeTo(out);
    }

    public List<SampledVector> sample() {
        return sample.vectors();
    }

    public int levelCount() {
        return sample.levelCount();
    }

    /** One shard's smallest keys, in sampling order. */
    public static final class Shard extends BroadcastShardResponse {
        final Sample sample;

        Shard(ShardId shardId, Sample sample) {
            super(shardId);
            this.sample = sample;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.sample = new Sample(in);
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            sample.writeTo(out);
        }
    }
}
