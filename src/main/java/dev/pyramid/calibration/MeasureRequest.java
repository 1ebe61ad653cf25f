package dev.pyramid.calibration;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Asks every shard of one index to measure a batch of pseudo-queries with each of the given search configurations. */
public final class MeasureRequest extends BroadcastRequest<MeasureRequest> {

    private final String field;
    private final int k;
    private final List<SampledVector> queries;
    private final List<SearchConfig> configs;

    public MeasureRequest(String index, String field, int k, List<SampledVector> queries, List<SearchConfig> configs) {
        super(new String[] { index }, IndicesOptions.strictSingleIndexNoExpandForbidClosed());
        this.field = field;
        this.k = k;
        this.queries = List.copyOf(queries);
        this.configs = List.copyOf(configs);
    }

    public MeasureRequest(StreamInput in) throws IOException {
        super(in);
        this.field = in.readString();
        this.k = in.readVInt();
        this.queries = in.readList(SampledVector::new);
        this.configs = in.readList(SearchConfig::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(field);
        out.writeVInt(k);
        out.writeList(queries);
        out.writeList(configs);
    }

    /** Cancellable, so that cancelling a calibration stops the batch it is measuring. */
    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new ChildTask(id, type, action, getDescription(), parentTaskId, headers);
    }

    /** The request one shard gets. */
    public static final class Shard extends BroadcastShardRequest {
        final String field;
        final int k;
        final List<SampledVector> queries;
        final List<SearchConfig> configs;

        Shard(ShardId shardId, MeasureRequest request) {
            super(shardId, request);
            this.field = request.field;
            this.k = request.k;
            this.queries = request.queries;
            this.configs = request.configs;
        }

        Shard(StreamInput in) throws IOException {
            super(in);
            this.field = in.readString();
            this.k = in.readVInt();
            this.queries = in.readList(SampledVector::new);
            this.configs = in.readList(SearchConfig::new);
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString(field);
            out.writeVInt(k);
            out.writeList(queries);
            out.writeList(configs);
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
