package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.Task;

import java.io.IOException;

/**
 * A running calibration's progress, as {@code GET _tasks} shows it:
 *
 * <pre>
 * {"phase": "measuring", "queries": 1000, "batches_done": 7, "batches_total": 20}
 * </pre>
 *
 * Phases in order: {@code sampling}, {@code measuring} (exact answers, level errors and forced depths),
 * {@code fitting} (depth auto at each z tried), {@code persisting}, {@code done}. A batch is a round of
 * {@value CalibrationRun#BATCH_SIZE} pseudo-queries on every shard; both measuring phases count theirs.
 */
public record CalibrationStatus(String phase, int queries, int batchesDone, int batchesTotal) implements Task.Status {

    public static final String NAME = "pyramid_calibration";

    public CalibrationStatus(StreamInput in) throws IOException {
        this(in.readString(), in.readVInt(), in.readVInt(), in.readVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(phase);
        out.writeVInt(queries);
        out.writeVInt(batchesDone);
        out.writeVInt(batchesTotal);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .field("phase", phase)
            .field("queries", queries)
            .field("batches_done", batchesDone)
            .field("batches_total", batchesTotal)
            .endObject();
    }
}
