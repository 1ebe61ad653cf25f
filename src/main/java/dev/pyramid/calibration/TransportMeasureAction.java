package dev.pyramid.calibration;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link MeasureAction}: each shard measures every query of the batch on one searcher, so that the doc ids of
 * its answers are comparable, and stops between queries once the calibration is cancelled.
 */
public final class TransportMeasureAction extends CalibrationStepAction<
    MeasureRequest,
    MeasureResponse,
    MeasureRequest.Shard,
    MeasureResponse.Shard> {

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
            indicesService,
            actionFilters,
            indexNameExpressionResolver,
            MeasureRequest::new,
            MeasureRequest.Shard::new
        );
    }

    @Override
    protected MeasureResponse.Shard shardOperation(MeasureRequest.Shard request, Task task) throws IOException {
        MeasureRequest.Spec spec = request.spec;
        return ShardCalibrator.onShard(indicesService, request.shardId(), spec.field(), calibrator -> {
            LevelErrors errors = new LevelErrors(calibrator.levelCount() - 1);
            List<QueryMeasurement> measurements = new ArrayList<>(spec.queries().size());
            for (SampledVector query : spec.queries()) {
                if (task instanceof CancellableTask cancellable && cancellable.isCancelled()) {
                    throw new TaskCancelledException("calibration cancelled: " + cancellable.getReasonCancelled());
                }
                measurements.add(calibrator.measure(query, spec.k(), spec.configs(), errors));
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
}
