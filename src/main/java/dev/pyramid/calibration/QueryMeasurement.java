package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.List;

/**
 * What one shard found for one pseudo-query: its exact top {@code k} (brute force at full precision) and, per
 * {@link SearchConfig} tried, the search's top {@code k} and cost.
 */
public record QueryMeasurement(ShardHits exact, List<Result> results) implements Writeable {

    public QueryMeasurement {
        results = List.copyOf(results);
    }

    public QueryMeasurement(StreamInput in) throws IOException {
        this(new ShardHits(in), in.readList(Result::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        exact.writeTo(out);
        out.writeList(results);
    }

    /**
     * One configuration's answer on one shard.
     *
     * @param hits           the top k
     * @param deepestLevel   the deepest level any segment ran (what node stats count), 0 if no segment ran a pyramid
     * @param scoredPerLevel candidates scored at each level, summed over segments (graph nodes visited at level 1)
     */
    public record Result(ShardHits hits, int deepestLevel, long[] scoredPerLevel) implements Writeable {

        public Result(StreamInput in) throws IOException {
            this(new ShardHits(in), in.readVInt(), in.readVLongArray());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            hits.writeTo(out);
            out.writeVInt(deepestLevel);
            out.writeVLongArray(scoredPerLevel);
        }
    }
}
