package dev.pyramid.calibration;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Asks every shard of one index to measure a batch of pseudo-queries with each of the given search configurations. */
public final class MeasureRequest extends BroadcastRequest<MeasureRequest> {

    /** What each shard is asked, the same for all. */
    record Spec(String field, int k, List<SampledVector> queries, List<SearchConfig> configs) implements Writeable {
        Spec {
            queries = List.copyOf(queries);
            configs = List.copyOf(configs);
        }

        Spec(StreamInput in) throws IOException {
            this(in.readString(), in.readVInt(), in.readList(SampledVector::new), in.readList(SearchConfig::new));
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(field);
            out.writeVInt(k);
            out.writeList(queries);
            out.writeList(configs);
        }
    }

    private final Spec spec;

    public MeasureRequest(String index, String field, int k, List<SampledVector> queries, List<SearchConfig> configs) {
        super(new String[] { index }, IndicesOptions.strictSingleIndexNoExpandForbidClosed());
        this.spec = new Spec(field, k, queries, configs);
    }

    public MeasureRequest(StreamInput in) throws IOException {
        super(in);
        this.spec = new Spec(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        spec.writeTo(out);
    }

    /** Cancellable, so that cancelling a calibration stops the batch it is measuring. */
    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new ChildTask(id, type, action, getDescription(), parentTaskId, headers);
    }

    /** The request one shard gets. */
    public static final class Shard extends BroadcastShardRequest {
        final Spec spec;

        Shard(ShardId shardId, MeasureRequest request) {
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

        @Override
        public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
            return new ChildTask(id, type, action, getDescription(), parentTaskId, headers);
        }
    }

    /** A measuring step's task: cancelled with its calibration, and cancelling its shard tasks in turn. */
    static final class ChildTask extends CancellableTask {
        ChildTask(long id, String type, String action, String description, TaskId parentTaskId, Map<String, String> headers) {
            super(id, type, action, description, parentTaskId, headers);
        }

        @Override
        public boolean shouldCancelChildrenOnCancellation() {
            return true;
        }
    }
}
