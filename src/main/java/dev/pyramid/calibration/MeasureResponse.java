package dev.pyramid.calibration;

import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.action.support.broadcast.BroadcastShardResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;
import java.util.List;

/** Every shard's measurements of one batch of pseudo-queries. */
public final class MeasureResponse extends BroadcastResponse {

    private final List<Shard> shards;

    MeasureResponse(int totalShards, int successfulShards, List<DefaultShardOperationFailedException> failures, List<Shard> shards) {
        super(totalShards, successfulShards, failures.size(), failures);
        this.shards = List.copyOf(shards);
    }

    public MeasureResponse(StreamInput in) throws IOException {
        super(in);
        this.shards = in.readList(Shard::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(shards);
    }

    public List<Shard> shards() {
        return shards;
    }

    /** One shard's measurements: one per query of the batch, in order, and the level errors seen near them. */
    public static final class Shard extends BroadcastShardResponse {
        final List<QueryMeasurement> queries;
        final LevelErrors errors;

        Shard(ShardId shardId, List<QueryMeasurement> queries, LevelErrors errors) {
            super(shardId);
            this.queries = List.copyOf(queries);
            this.errors = errors;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.queries = in.readList(QueryMeasurement::new);
            this.errors = new LevelErrors(in);
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeList(queries);
            errors.writeTo(out);
        }

        public List<QueryMeasurement> queries() {
            return queries;
        }

        public LevelErrors errors() {
            return errors;
        }
    }
}
