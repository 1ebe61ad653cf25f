package dev.pyramid.stats;

import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Objects;

/** One node's section of the response, headed like a {@code _nodes/stats} node: name, address, host. */
public final class PyramidStatsNodeResponse extends BaseNodeResponse implements ToXContentFragment {

    private final NodeStats stats;

    public PyramidStatsNodeResponse(DiscoveryNode node, NodeStats stats) {
        super(node);
        this.stats = Objects.requireNonNull(stats);
    }

    public PyramidStatsNodeResponse(StreamInput in) throws IOException {
        super(in);
        stats = new NodeStats(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        stats.writeTo(out);
    }

    public NodeStats stats() {
        return stats;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("name", getNode().getName());
        builder.field("transport_address", getNode().getAddress().toString());
        builder.field("host", getNode().getHostName());
        return stats.toXContent(builder, params);
    }
}
