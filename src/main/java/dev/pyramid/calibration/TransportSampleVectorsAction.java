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
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link SampleVectorsAction}: each shard (one active copy) returns its smallest keys, and the coordinating node
 * keeps the smallest {@code size} overall. Shard work runs on the search pool: it reads vectors like a search does.
 */
public final class TransportSampleVectorsAction extends TransportBroadcastAction<
    SampleVectorsRequest,
    SampleVectorsResponse,
    SampleVectorsRequest.Shard,
    SampleVectorsResponse.Shard> {

    private final IndicesService indicesService;

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
            actionFilters,
            indexNameExpressionResolver,
            SampleVectorsRequest::new,
            SampleVectorsRequest.Shard::new,
            ThreadPool.Names.SEARCH
        );
        this.indicesService = indicesService;
    }

    @Override
    protected SampleVectorsResponse.Shard shardOperation(SampleVectorsRequest.Shard request, Task task) throws IOException {
        return ShardCalibrator.onShard(
            indicesService,
            request.shardId(),
            request.field,
            calibrator -> new SampleVectorsResponse.Shard(request.shardId(), calibrator.sample(request.seed, request.size), calibrator.levelCount())
        );
    }

    @Override
    protected SampleVectorsResponse newResponse(SampleVectorsRequest request, AtomicReferenceArray shardsResponses, ClusterState clusterState) {
        List<SampleVectorsResponse.Shard> shards = ShardCalibrationResults.responses(shardsResponses, SampleVectorsResponse.Shard.class);
        List<SampledVector> all = new ArrayList<>();
        int levelCount = 0;
        for (SampleVectorsResponse.Shard shard : shards) {
            all.addAll(shard.sample);
            levelCount = shard.levelCount;
        }
        all.sort(SampledVector.SAMPLING_ORDER);
        return new SampleVectorsResponse(
            shardsResponses.length(),
            shards.size(),
            ShardCalibrationResults.failures(shardsResponses, SampleVectorsResponse.Shard.class),
            all.subList(0, Math.min(request.size(), all.size())),
            levelCount
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

    @Override
    protected GroupShardsIterator<ShardIterator> shards(ClusterState clusterState, SampleVectorsRequest request, String[] concreteIndices) {
        return clusterState.routingTable().allActiveShardsGrouped(concreteIndices, true);
    }

    @Override
    protected ClusterBlockException checkGlobalBlock(ClusterState state, SampleVectorsRequest request) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.READ);
    }

    @Override
    protected ClusterBlockException checkRequestBlock(ClusterState state, SampleVectorsRequest request, String[] concreteIndices) {
        return state.blocks().indicesBlockedException(ClusterBlockLevel.READ, concreteIndices);
    }
}
