package dev.pyramid.stats;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;

import org.opensearch.Version;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.rest.action.RestActions;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;

/** Wire round trips of the request and response classes, and the {@code _nodes/stats}-style JSON of a response. */
public class PyramidStatsResponseTests extends OpenSearchTestCase {

    public void testRequestRoundTrip() throws IOException {
        PyramidStatsRequest request = new PyramidStatsRequest(randomBoolean() ? new String[0] : new String[] { "node-1" });
        request.indices(generateRandomStringArray(4, 10, false, true));
        request.indicesOptions(
            randomFrom(IndicesOptions.strictExpandOpen(), IndicesOptions.lenientExpandOpen(), IndicesOptions.strictExpand())
        );
        if (randomBoolean()) {
            request.timeout("7s");
        }
        BytesStreamOutput out = new BytesStreamOutput();
        request.writeTo(out);
        PyramidStatsRequest copy = new PyramidStatsRequest(out.bytes().streamInput());
        assertArrayEquals(request.indices(), copy.indices());
        assertEquals(request.indicesOptions(), copy.indicesOptions());
        assertArrayEquals(request.nodesIds(), copy.nodesIds());
        assertEquals(request.timeout(), copy.timeout());
    }

    public void testNodeRequestRoundTrip() throws IOException {
        String[] indices = generateRandomStringArray(5, 10, false, true);
        BytesStreamOutput out = new BytesStreamOutput();
        new PyramidStatsNodeRequest(indices).writeTo(out);
        assertEquals(Set.of(indices), new PyramidStatsNodeRequest(out.bytes().streamInput()).concreteIndices());
    }

    public void testResponseRoundTrip() throws IOException {
        List<PyramidStatsNodeResponse> nodes = new ArrayList<>();
        int count = randomIntBetween(0, 3);
        for (int i = 0; i < count; i++) {
            nodes.add(new PyramidStatsNodeResponse(node("node-" + i), NodeStatsTests.randomNodeStats()));
        }
        List<FailedNodeException> failures = randomBoolean()
            ? List.of()
            : List.of(new FailedNodeException("node-9", "Failed node [node-9]", new IllegalStateException("boom")));
        PyramidStatsResponse response = new PyramidStatsResponse(new ClusterName("pyramid"), nodes, failures);

        BytesStreamOutput out = new BytesStreamOutput();
        response.writeTo(out);
        StreamInput in = out.bytes().streamInput();
        PyramidStatsResponse copy = new PyramidStatsResponse(in);

        assertEquals(response.getClusterName(), copy.getClusterName());
        assertEquals(response.failures().size(), copy.failures().size());
        assertEquals(response.getNodes().size(), copy.getNodes().size());
        for (int i = 0; i < count; i++) {
            assertEquals(response.getNodes().get(i).getNode(), copy.getNodes().get(i).getNode());
            assertEquals(response.getNodes().get(i).stats(), copy.getNodes().get(i).stats());
        }
        assertEquals(render(response), render(copy));
    }

    public void testJsonHasNodesStatsShape() throws IOException {
        FieldStats embedding = new FieldStats(
            1,
            2,
            3,
            List.of(
                new LevelStats(1, new LevelSpec(4, LevelEncoding.BINARY), 72, 300),
                new LevelStats(2, new LevelSpec(4, LevelEncoding.INT4), 54, 281),
                new LevelStats(3, new LevelSpec(4, LevelEncoding.FLOAT), 48, 48)
            ),
            30
        );
        NodeStats stats = new NodeStats(Map.of("docs", Map.of("embedding", embedding)), new QueryCounts(2, new long[] { 0, 1, 1, 0 }));
        PyramidStatsResponse response = new PyramidStatsResponse(
            new ClusterName("pyramid"),
            List.of(new PyramidStatsNodeResponse(node("n1"), stats)),
            List.of()
        );
        String json = render(response);
        assertEquals(
            "{\"_nodes\":{\"total\":1,\"successful\":1,\"failed\":0},\"cluster_name\":\"pyramid\",\"nodes\":{\"n1\":{"
                + "\"name\":\"n1\",\"transport_address\":\"127.0.0.1:9300\",\"host\":\"127.0.0.1\","
                + "\"indices\":{\"docs\":{\"embedding\":{\"shards\":1,\"segments\":2,\"vector_count\":3,\"levels\":["
                + "{\"level\":1,\"encoding\":\"binary\",\"dims\":4,\"off_heap_bytes\":72,\"disk_bytes\":300,\"bytes_per_vector\":24.0},"
                + "{\"level\":2,\"encoding\":\"int4\",\"dims\":4,\"off_heap_bytes\":54,\"disk_bytes\":281,\"bytes_per_vector\":18.0},"
                + "{\"level\":3,\"encoding\":\"float\",\"dims\":4,\"off_heap_bytes\":48,\"disk_bytes\":48,\"bytes_per_vector\":16.0}],"
                + "\"graph_bytes\":30,\"hot_bytes\":156,\"hot_bytes_per_vector\":52.0}}},"
                + "\"queries\":{\"total\":2,\"stopped_at_level\":{\"1\":0,\"2\":1,\"3\":1,\"4\":0}}}}}",
            json
        );
    }

    public void testFailedNodesAreCounted() throws IOException {
        PyramidStatsResponse response = new PyramidStatsResponse(
            new ClusterName("pyramid"),
            List.of(),
            List.of(new FailedNodeException("n2", "Failed node [n2]", new IllegalStateException("boom")))
        );
        String json = render(response);
        assertThat(json, containsString("\"_nodes\":{\"total\":1,\"successful\":0,\"failed\":1,\"failures\":["));
        assertThat(json, containsString("\"nodes\":{}"));
    }

    private static DiscoveryNode node(String id) throws IOException {
        TransportAddress address = new TransportAddress(InetAddress.getByName("127.0.0.1"), 9300);
        return new DiscoveryNode(id, id, address, Map.of(), Set.of(), Version.CURRENT);
    }

    /** What the REST layer sends: {@code RestActions.NodesResponseRestListener} renders through this method. */
    private static String render(PyramidStatsResponse response) throws IOException {
        return RestActions.nodesResponse(XContentFactory.jsonBuilder(), ToXContent.EMPTY_PARAMS, response).content().utf8ToString();
    }
}
