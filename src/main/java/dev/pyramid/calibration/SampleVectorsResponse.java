package dev.pyramid.calibration;

import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.action.support.broadcast.BroadcastShardResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;
import java.util.List;

/** The sample over all shards ({@code size} smallest keys, in sampling order) and the field's number of levels. */
public final class SampleVectorsResponse extends BroadcastResponse {

    private final List<SampledVector> sample;
    private final int levelCount;

    SampleVectorsResponse(
        int totalShards,
        int successfulShards,
        List<DefaultShardOperationFailedException> failures,
        List<SampledVector> sample,
        int levelCount
    ) {
        super(totalShards, successfulShards, failures.size(), failures);
        this.sample = List.copyOf(sample);
        this.levelCount = levelCount;
    }

    public SampleVectorsResponse(StreamInput in) throws IOException {
        super(in);
        this.sample = in.readList(SampledVector::new);
        this.levelCount = in.readVInt();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(sample);
        out.writeVInt(levelCount);
    }

    public List<SampledVector> sample() {
        return sample;
    }

    public int levelCount() {
        return levelCount;
    }

    /** One shard's smallest keys, in sampling order. */
    public static final class Shard extends BroadcastShardResponse {
        final List<SampledVector> sample;
        final int levelCount;

        Shard(ShardId shardId, List<SampledVector> sample, int levelCount) {
            super(shardId);
            this.sample = List.copyOf(sample);
            this.levelCount = levelCount;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.sample = in.readList(SampledVector::new);
            this.levelCount = in.readVInt();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeList(sample);
            out.writeVInt(levelCount);
        }
    }
}
