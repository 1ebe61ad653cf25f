package dev.pyramid.calibration;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.broadcast.TransportBroadcastAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.GroupShardsIterator;
import org.opensearch.cluster.routing.ShardIterator;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link MeasureAction}: each shard (one active copy) measures every query of the batch on one searcher, so
 * that the doc ids of its answers are comparable. Shard work runs on the search pool: it is searching.
 */
public final class TransportMeasureAction extends TransportBroadcastAction<
    MeasureRequest,
    MeasureResponse,
    MeasureRequest.Shard,
    MeasureResponse.Shard> {

    private final IndicesService indicesService;

    @Inject
    public TransportMeasureAction(
        ClusterService clusterService,
        TransportService transportService,
        IndicesService indicesService,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver
    ) {
        super(
            MeasureAction.NAME,
            clusterService,
            transportService,
            actionFilters,
            indexNameExpressionResolver,
            MeasureRequest::new,
            MeasureRequest.Shard::new,
            ThreadPool.Names.SEARCH
        );
        this.indicesService = indicesService;
    }

    @Override
    protected MeasureResponse.Shard shardOperation(MeasureRequest.Shard request, Task task) throws IOException {
        return ShardCalibrator.onShard(indicesService, request.shardId(), request.field, calibrator -> {
            LevelErrors errors = new LevelErrors(calibrator.levelCount() - 1);
            List<QueryMeasurement> measurements = new ArrayList<>(request.queries.size());
            for (SampledVector query : request.queries) {
                if (task instanceof CancellableTask cancellable && cancellable.isCancelled()) {
                    throw new TaskCancelledException("calibration cancelled: " + cancellable.getReasonCancelled());
                }
                measurements.add(calibrator.measure(query, request.k, request.configs, errors));
            }
            return new MeasureResponse.Shard(request.shardId(), measurements, errors);
        });
    }

    @Override
    protected MeasureResponse newResponse(MeasureRequest request, AtomicReferenceArray shardsResponses, ClusterState clusterState) {
        List<MeasureResponse.Shard> shards = ShardCalibrationResults.responses(shardsResponses, MeasureResponse.Shard.class);
        return new MeasureResponse(
            shardsResponses.length(),
            shards.size(),
            ShardCalibrationResults.failures(shardsResponses, MeasureResponse.Shard.class),
            shards
        );
    }

    @Override
    protected MeasureRequest.Shard newShardRequest(int numShards, ShardRouting shard, MeasureRequest request) {
        return new MeasureRequest.Shard(shard.shardId(), request);
    }

    @Override
    protected MeasureResponse.Shard readShardResponse(StreamInput in) throws IOException {
        return new MeasureResponse.Shard(in);
    }

    @Override
    protected GroupShardsIterator<ShardIterator> shards(ClusterState clusterState, MeasureRequest request, String[] concreteIndices) {
        return clusterState.routingTable().allActiveShardsGrouped(concreteIndices, true);
    }

    @Override
    protected ClusterBlockException checkGlobalBlock(ClusterState state, MeasureRequest request) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.READ);
    }

    @Override
    protected ClusterBlockException checkRequestBlock(ClusterState state, MeasureRequest request, String[] concreteIndices) {
        return state.blocks().indicesBlockedException(ClusterBlockLevel.READ, concreteIndices);
    }
}
