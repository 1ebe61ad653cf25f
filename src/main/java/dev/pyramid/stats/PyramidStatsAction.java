package dev.pyramid.stats;

import org.opensearch.action.ActionType;

/** Storage and query stats of pyramid fields, node by node: {@code GET _plugins/pyramid/stats[/{index}]}. */
public final class PyramidStatsAction extends ActionType<PyramidStatsResponse> {

    public static final String NAME = "cluster:monitor/pyramid/stats";
    public static final PyramidStatsAction INSTANCE = new PyramidStatsAction();

    private PyramidStatsAction() {
        super(NAME, PyramidStatsResponse::new);
    }
}
