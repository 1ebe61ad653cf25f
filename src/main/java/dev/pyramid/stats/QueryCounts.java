package dev.pyramid.stats;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Arrays;

/**
 * A snapshot of {@link PyramidQueryStats}: queries in total and per level they stopped at.
 *
 * <pre>
 * {"total": 12, "stopped_at_level": {"1": 0, "2": 3, "3": 9, "4": 0}}
 * </pre>
 */
public final class QueryCounts implements Writeable, ToXContentObject {

    private final long total;
    private final long[] stoppedAtLevel;

    public QueryCounts(long total, long[] stoppedAtLevel) {
        this.total = total;
        this.stoppedAtLevel = stoppedAtLevel.clone();
    }

    public QueryCounts(StreamInput in) throws IOException {
        this.total = in.readVLong();
        this.stoppedAtLevel = in.readVLongArray();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVLong(total);
        out.writeVLongArray(stoppedAtLevel);
    }

    public long total() {
        return total;
    }

    /** Queries that stopped at {@code level} (1-based). */
    public long stoppedAtLevel(int level) {
        return stoppedAtLevel[level - 1];
    }

    public int levels() {
        return stoppedAtLevel.length;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("total", total);
        builder.startObject("stopped_at_level");
        for (int i = 0; i < stoppedAtLevel.length; i++) {
            builder.field(Integer.toString(i + 1), stoppedAtLevel[i]);
        }
        builder.endObject();
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryCounts other && total == other.total && Arrays.equals(stoppedAtLevel, other.stoppedAtLevel);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(total) + Arrays.hashCode(stoppedAtLevel);
    }

    @Override
    public String toString() {
        return "QueryCounts{total=" + total + ", stoppedAtLevel=" + Arrays.toString(stoppedAtLevel) + "}";
    }
}
