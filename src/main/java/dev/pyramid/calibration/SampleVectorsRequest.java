package dev.pyramid.calibration;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;

/** Asks every shard of one index for its {@code size} stored vectors of {@code field} with the smallest seeded keys. */
public final class SampleVectorsRequest extends BroadcastRequest<SampleVectorsRequest> {

    private final String field;
    private final long seed;
    private final int size;

    public SampleVectorsRequest(String index, String field, long seed, int size) {
        super(new String[] { index }, IndicesOptions.strictSingleIndexNoExpandForbidClosed());
        this.field = field;
        this.seed = seed;
        this.size = size;
    }

    public SampleVectorsRequest(StreamInput in) throws IOException {
        super(in);
        this.field = in.readString();
        this.seed = in.readLong();
        this.size = in.readVInt();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(field);
        out.writeLong(seed);
        out.writeVInt(size);
    }

    public String field() {
        return field;
    }

    public int size() {
        return size;
    }

    /** The request one shard gets. */
    public static final class Shard extends BroadcastShardRequest {
        final String field;
        final long seed;
        final int size;

        Shard(ShardId shardId, SampleVectorsRequest request) {
            super(shardId, request);
            this.field = request.field;
            this.seed = request.seed;
            this.size = request.size;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.field = in.readString();
            this.seed = in.readLong();
            this.size = in.readVInt();
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString(field);
            out.writeLong(seed);
            out.writeVInt(size);
        }
    }
}
