package dev.pyramid.stats;

import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.indices.IndicesService;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.List;

/**
 * Fans {@link PyramidStatsRequest} out to the nodes: the coordinating node resolves the index expressions once, each
 * node reads the segments of the shard copies it holds ({@link ShardStatsCollector}) and adds its query counters.
 * Node work runs on the management pool, like {@code _nodes/stats}.
 */
public final class TransportPyramidStatsAction extends TransportNodesAction<
    PyramidStatsRequest,
    PyramidStatsResponse,
    PyramidStatsNodeRequest,
    PyramidStatsNodeResponse> {

    private final IndicesService indicesService;
    private final IndexNameExpressionResolver indexNameExpressionResolver;
    private final PyramidQueryStats queryStats;

    @Inject
    public TransportPyramidStatsAction(
        ThreadPool threadPool,
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        IndicesService indicesService,
        IndexNameExpressionResolver indexNameExpressionResolver,
        PyramidQueryStats queryStats
    ) {
        super(
            PyramidStatsAction.NAME,
            threadPool,
            clusterService,
            transportService,
            actionFilters,
            PyramidStatsRequest::new,
            PyramidStatsNodeRequest::new,
            ThreadPool.Names.MANAGEMENT,
            PyramidStatsNodeResponse.class
        );
        this.indicesService = indicesService;
        this.indexNameExpressionResolver = indexNameExpressionResolver;
        this.queryStats = queryStats;
    }

    /** Resolves the nodes, then the index expressions to concrete names (a missing index fails the whole request). */
    @Override
    protected void resolveRequest(PyramidStatsRequest request, ClusterState clusterState) {
        super.resolveRequest(request, clusterState);
        request.indices(indexNameExpressionResolver.concreteIndexNames(clusterState, request));
    }

    @Override
    protected PyramidStatsResponse newResponse(
        PyramidStatsRequest request,
        List<PyramidStatsNodeResponse> responses,
        List<FailedNodeException> failures
    ) {
        return new PyramidStatsResponse(clusterService.getClusterName(), responses, failures);
    }

    @Override
    protected PyramidStatsNodeRequest newNodeRequest(PyramidStatsRequest request) {
        return new PyramidStatsNodeRequest(request.indices());
    }

    @Override
    protected PyramidStatsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new PyramidStatsNodeResponse(in);
    }

    @Override
    protected PyramidStatsNodeResponse nodeOperation(PyramidStatsNodeRequest request) {
        NodeStats stats = new NodeStats(ShardStatsCollector.collect(indicesService, request.concreteIndices()), queryStats.snapshot());
        return new PyramidStatsNodeResponse(clusterService.localNode(), stats);
    }
}
