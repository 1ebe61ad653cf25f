package dev.pyramid.query;

import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.model.ModelRegistry;

import org.opensearch.action.ActionRunnable;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.SetOnce;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.QueryCoordinatorContext;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.threadpool.ThreadPool;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Embeds an {@code spi_pyramid} query's {@code query_text} with the embedding model its field's mapping names. On the
 * coordinating node the model comes from the cluster state's mappings of the searched indices; on a shard (a request
 * that skipped the coordinator's rewrite) from the shard's mapping. The model runs on the {@value #EXECUTOR} thread
 * pool, as an asynchronous rewrite action, so no transport or search thread waits for it. One per node.
 */
public final class QueryTextEmbedder {

    /** The thread pool that runs model inference for queries; sized to the node's processors. */
    public static final String EXECUTOR = "pyramid_model";

    private final ModelRegistry models;
    private final ClusterService clusterService;
    private final MappedModelResolver mappedModels;
    private final ThreadPool threadPool;

    public QueryTextEmbedder(
        ModelRegistry models,
        ClusterService clusterService,
        IndexNameExpressionResolver indexNameResolver,
        ThreadPool threadPool
    ) {
        this.models = models;
        this.clusterService = clusterService;
        this.mappedModels = new MappedModelResolver(indexNameResolver);
        this.threadPool = threadPool;
    }

    /**
     * Registers the embedding of {@code text} as an asynchronous action of {@code context}.
     *
     * @return the vector, once the action has run; or null if this context can tell no model (e.g. parsing only)
     * @throws IllegalArgumentException if the field's mapping names no model, or the searched indices disagree
     */
    Supplier<float[]> embedLater(String field, String text, QueryRewriteContext context) {
        String model = modelOf(field, context);
        if (model == null) {
            return null;
        }
        SetOnce<float[]> vector = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> embed(model, field, text, ActionListener.map(listener, embedded -> {
            vector.set(embedded);
            return null;
        })));
        return vector::get;
    }

    /** Embeds on the model thread pool and answers {@code listener} from there. */
    public void embed(String model, String field, String text, ActionListener<float[]> listener) {
        threadPool.executor(EXECUTOR).execute(ActionRunnable.supply(listener, () -> {
            try {
                return models.embedder(model).embed(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[%s] [query_text] of field [%s]: %s", SpiPyramidQueryBuilder.NAME, field, e.getMessage()),
                    e
                );
            }
        }));
    }

    private String modelOf(String field, QueryRewriteContext context) {
        QueryShardContext shard = context.convertToShardContext();
        if (shard != null) {
            return shardModel(field, shard);
        }
        QueryCoordinatorContext coordinator = context.convertToCoordinatorContext();
        if (coordinator != null && coordinator.getSearchRequest() != null) {
            return mappedModels.resolve(clusterService.state(), coordinator.getSearchRequest(), field);
        }
        return null;
    }

    private static String shardModel(String field, QueryShardContext shard) {
        MappedFieldType mapped = shard.fieldMapper(field);
        if (mapped instanceof PyramidVectorFieldType == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] [query_text] needs field [%s] to be a [%s] field with a [model] in index [%s]",
                    SpiPyramidQueryBuilder.NAME,
                    field,
                    PyramidVectorFieldMapper.CONTENT_TYPE,
                    shard.index().getName()
                )
            );
        }
        String model = ((PyramidVectorFieldType) mapped).model();
        if (model == null) {
            throw MappedModelResolver.noModel(field, shard.index().getName());
        }
        return model;
    }
}
