package dev.pyramid.stats;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one node reports: per index and per pyramid field, the {@link FieldStats} of the shard copies it holds, and
 * its query counters. Indices and fields are sorted by name, so output is stable.
 *
 * <pre>
 * "indices": {"docs": {"embedding": {...}}},
 * "queries": {"total": 3, "stopped_at_level": {...}}
 * </pre>
 */
public final class NodeStats implements Writeable, ToXContentFragment {

    private final Map<String, Map<String, FieldStats>> indices;
    private final QueryCounts queries;

    public NodeStats(Map<String, Map<String, FieldStats>> indices, QueryCounts queries) {
        Map<String, Map<String, FieldStats>> sorted = new TreeMap<>();
        indices.forEach((index, fields) -> sorted.put(index, Collections.unmodifiableMap(new TreeMap<>(fields))));
        this.indices = Collections.unmodifiableMap(sorted);
        this.queries = Objects.requireNonNull(queries);
    }

    public NodeStats(StreamInput in) throws IOException {
        this(in.readMap(StreamInput::readString, fields -> fields.readMap(StreamInput::readString, FieldStats::new)), new QueryCounts(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(indices, StreamOutput::writeString, (o, fields) -> o.writeMap(fields, StreamOutput::writeString, (o2, f) -> f.writeTo(o2)));
        queries.writeTo(out);
    }

    /** Index name to field name to stats. */
    public Map<String, Map<String, FieldStats>> indices() {
        return indices;
    }

    public QueryCounts queries() {
        return queries;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("indices");
        for (Map.Entry<String, Map<String, FieldStats>> index : indices.entrySet()) {
            builder.startObject(index.getKey());
            for (Map.Entry<String, FieldStats> field : index.getValue().entrySet()) {
                builder.field(field.getKey(), field.getValue());
            }
            builder.endObject();
        }
        builder.endObject();
        builder.field("queries", queries);
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeStats other && indices.equals(other.indices) && queries.equals(other.queries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(indices, queries);
    }

    @Override
    public String toString() {
        return "NodeStats{indices=" + indices + ", queries=" + queries + "}";
    }
}
