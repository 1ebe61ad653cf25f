package dev.pyramid.rest;

import dev.pyramid.stats.PyramidStatsAction;
import dev.pyramid.stats.PyramidStatsRequest;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestActions;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

import static org.opensearch.rest.RestRequest.Method.GET;

/**
 * {@code GET _plugins/pyramid/stats} and {@code GET _plugins/pyramid/stats/{index}}: bytes per level of every pyramid
 * field, and query counters, node by node in the shape of {@code _nodes/stats}. {@code index} takes names, comma
 * lists and wildcards; {@code ignore_unavailable}, {@code allow_no_indices} and {@code expand_wildcards} work as in
 * other index APIs, and {@code timeout} bounds the wait for each node.
 */
public final class RestPyramidStatsAction extends BaseRestHandler {

    public static final String PATH = "/_plugins/pyramid/stats";

    @Override
    public String getName() {
        return "pyramid_stats_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, PATH), new Route(GET, PATH + "/{index}"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        PyramidStatsRequest statsRequest = new PyramidStatsRequest();
        statsRequest.indices(Strings.splitStringByCommaToArray(request.param("index")));
        statsRequest.indicesOptions(IndicesOptions.fromRequest(request, PyramidStatsRequest.DEFAULT_INDICES_OPTIONS));
        statsRequest.timeout(request.param("timeout"));
        return channel -> client.execute(PyramidStatsAction.INSTANCE, statsRequest, new RestActions.NodesResponseRestListener<>(channel));
    }
}
