package dev.pyramid.stats;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;

/**
 * The nodes' answers. Rendered by {@code RestActions.NodesResponseRestListener}, which writes the {@code _nodes}
 * header and {@code cluster_name} of {@code _nodes/stats}; this fragment adds {@code "nodes": {"<id>": {...}}}.
 */
public final class PyramidStatsResponse extends BaseNodesResponse<PyramidStatsNodeResponse> implements ToXContentFragment {

    public PyramidStatsResponse(ClusterName clusterName, List<PyramidStatsNodeResponse> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
    }

    public PyramidStatsResponse(StreamInput in) throws IOException {
        super(in);
    }

    @Override
    protected List<PyramidStatsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(PyramidStatsNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<PyramidStatsNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject("nodes");
        for (PyramidStatsNodeResponse node : getNodes()) {
            builder.startObject(node.getNode().getId());
            node.toXContent(builder, params);
            builder.endObject();
        }
        return builder.endObject();
    }
}
