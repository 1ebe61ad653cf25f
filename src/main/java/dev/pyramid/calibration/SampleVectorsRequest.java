package dev.pyramid.calibration;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;

/** Asks every shard of one index for its {@code size} stored vectors of {@code field} with the smallest seeded keys. */
public final class SampleVectorsRequest extends BroadcastRequest<SampleVectorsRequest> {

    /** What each shard is asked, the same for all. */
    record Spec(String field, long seed, int size) implements Writeable {
        Spec(StreamInput in) throws IOException {
            this(in.readString(), in.readLong(), in.readVInt());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(field);
            out.writeLong(seed);
            out.writeVInt(size);
        }
    }

    private final Spec spec;

    public SampleVectorsRequest(String index, String field, long seed, int size) {
        super(new String[] { index }, IndicesOptions.strictSingleIndexNoExpandForbidClosed());
        this.spec = new Spec(field, seed, size);
    }

    public SampleVectorsRequest(StreamInput in) throws IOException {
        super(in);
        this.spec = new Spec(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        spec.writeTo(out);
    }

    Spec spec() {
        return spec;
    }

    /** The request one shard gets. */
    public static final class Shard extends BroadcastShardRequest {
        final Spec spec;

        Shard(ShardId shardId, SampleVectorsRequest request) {
            super(shardId, request);
            this.spec = request.spec;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.spec = new Spec(in);
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            spec.writeTo(out);
        }
    }
}
