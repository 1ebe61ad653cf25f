package dev.pyramid.calibration;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link SampleVectorsAction}: each shard returns its smallest keys, and the coordinating node keeps the
 * smallest {@code size} overall.
 */
public final class TransportSampleVectorsAction extends CalibrationStepAction<
    SampleVectorsRequest,
    SampleVectorsResponse,
    SampleVectorsRequest.Shard,
    SampleVectorsResponse.Shard> {

    @Inject
    public TransportSampleVectorsAction(
        ClusterService clusterService,
        TransportService transportService,
        IndicesService indicesService,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver
    ) {
        super(
            SampleVectorsAction.NAME,
            clusterService,
            transportService,
            indicesService,
            actionFilters,
            indexNameExpressionResolver,
            SampleVectorsRequest::new,
            SampleVectorsRequest.Shard::new
        );
    }

    @Override
    protected SampleVectorsResponse.Shard shardOperation(SampleVectorsRequest.Shard request, Task task) throws IOException {
        SampleVectorsRequest.Spec spec = request.spec;
        return ShardCalibrator.onShard(
            indicesService,
            request.shardId(),
            spec.field(),
            calibrator -> new SampleVectorsResponse.Shard(
                request.shardId(),
                new SampleVectorsResponse.Sample(calibrator.sample(spec.seed(), spec.size()), calibrator.levelCount())
            )
        );
    }

    @Override
    protected SampleVectorsResponse newResponse(SampleVectorsRequest request, AtomicReferenceArray shardsResponses, ClusterState clusterState) {
        List<SampleVectorsResponse.Shard> shards = ShardCalibrationResults.responses(shardsResponses, SampleVectorsResponse.Shard.class);
        List<SampledVector> all = new ArrayList<>();
        int levelCount = 0;
        for (SampleVectorsResponse.Shard shard : shards) {
            all.addAll(shard.sample.vectors());
            levelCount = shard.sample.levelCount();
        }
        all.sort(SampledVector.SAMPLING_ORDER);
        return new SampleVectorsResponse(
            shardsResponses.length(),
            shards.size(),
            ShardCalibrationResults.failures(shardsResponses, SampleVectorsResponse.Shard.class),
            new SampleVectorsResponse.Sample(all.subList(0, Math.min(request.spec().size(), all.size())), levelCount)
        );
    }

    @Override
    protected SampleVectorsRequest.Shard newShardRequest(int numShards, ShardRouting shard, SampleVectorsRequest request) {
        return new SampleVectorsRequest.Shard(shard.shardId(), request);
    }

    @Override
    protected SampleVectorsResponse.Shard readShardResponse(StreamInput in) throws IOException {
        return new SampleVectorsResponse.Shard(in);
    }
}
