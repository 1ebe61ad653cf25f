package dev.pyramid;

import dev.pyramid.calibration.CalibrateAction;
import dev.pyramid.calibration.CalibrationStatus;
import dev.pyramid.calibration.MeasureAction;
import dev.pyramid.calibration.SampleVectorsAction;
import dev.pyramid.calibration.TransportCalibrateAction;
import dev.pyramid.calibration.TransportMeasureAction;
import dev.pyramid.calibration.TransportSampleVectorsAction;
import dev.pyramid.codec.PyramidCodecService;
import dev.pyramid.hybrid.HybridSearch;
import dev.pyramid.hybrid.PyramidScoredIdsQueryBuilder;
import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.rerank.ModelStageFactory;
import dev.pyramid.rerank.RerankStageFactory;
import dev.pyramid.rest.RestCalibrateAction;
import dev.pyramid.rest.RestPyramidStatsAction;
import dev.pyramid.settings.PyramidSettings;
import dev.pyramid.stats.PyramidQueryStats;
import dev.pyramid.stats.PyramidStatsAction;
import dev.pyramid.stats.TransportPyramidStatsAction;

import org.apache.lucene.util.SetOnce;
import org.opensearch.action.ActionRequest;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.codec.CodecServiceFactory;
import org.opensearch.index.mapper.Mapper;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.EnginePlugin;
import org.opensearch.plugins.MapperPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Wires the plugin's parts into OpenSearch; holds no logic of its own. */
public class PyramidPlugin extends Plugin implements MapperPlugin, SearchPlugin, EnginePlugin, ActionPlugin {

    /** The k-NN plugin's index setting; k-NN installs its own codec service on those indices. */
    private static final String KNN_INDEX_SETTING = "index.knn";

    /** This node's query counters: recorded by searches, reported by the stats action (which gets it by injection). */
    private final PyramidQueryStats queryStats = new PyramidQueryStats();

    /** Resolves multi-stage spi_pyramid queries on this node; set in createComponents, read by builders at parse time. */
    private final SetOnce<HybridSearch> hybridSearch = new SetOnce<>();

    /** Returned components are bound for injection: the stats transport action receives {@link #queryStats} so. */
    @Override
    public Collection<Object> createComponents(
        Client client,
        ClusterService clusterService,
        ThreadPool threadPool,
        ResourceWatcherService resourceWatcherService,
        ScriptService scriptService,
        NamedXContentRegistry xContentRegistry,
        Environment environment,
        NodeEnvironment nodeEnvironment,
        NamedWriteableRegistry namedWriteableRegistry,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<RepositoriesService> repositoriesServiceSupplier
    ) {
        hybridSearch.set(new HybridSearch(threadPool, clusterService, new RerankStageFactory(ModelStageFactory.UNAVAILABLE)));
        return List.of(queryStats);
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(PyramidStatsAction.INSTANCE, TransportPyramidStatsAction.class),
            new ActionHandler<>(CalibrateAction.INSTANCE, TransportCalibrateAction.class),
            new ActionHandler<>(SampleVectorsAction.INSTANCE, TransportSampleVectorsAction.class),
            new ActionHandler<>(MeasureAction.INSTANCE, TransportMeasureAction.class)
        );
    }

    @Override
    public List<RestHandler> getRestHandlers(
        Settings settings,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster
    ) {
        return List.of(new RestPyramidStatsAction(), new RestCalibrateAction());
    }

    /** A running calibration's status crosses nodes when {@code _tasks} asks for it. */
    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(new NamedWriteableRegistry.Entry(Task.Status.class, CalibrationStatus.NAME, CalibrationStatus::new));
    }

    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of(PyramidVectorFieldMapper.CONTENT_TYPE, PyramidVectorFieldMapper.PARSER);
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        // Builders created on this node (parsed here or read from the wire) report the levels they reach to this
        // node's counters; the stats holder is not part of a builder's wire form or equality.
        return List.of(
            new QuerySpec<>(
                SpiPyramidQueryBuilder.NAME,
                in -> new SpiPyramidQueryBuilder(in).levelListener(queryStats::recordQuery).hybridSearch(hybridSearch.get()),
                parser -> SpiPyramidQueryBuilder.fromXContent(parser).levelListener(queryStats::recordQuery).hybridSearch(hybridSearch.get())
            ),
            new QuerySpec<>(PyramidScoredIdsQueryBuilder.NAME, PyramidScoredIdsQueryBuilder::new, PyramidScoredIdsQueryBuilder::fromXContent)
        );
    }

    @Override
    public List<Setting<?>> getSettings() {
        return PyramidSettings.all();
    }

    /**
     * Serves the codec of indices created with {@code index.pyramid.enabled: true} (see {@link PyramidSettings#ENABLED}
     * for why a setting), except those the k-NN plugin claims ({@code index.knn: true}): OpenSearch allows one codec
     * service factory per index, and the mapper refuses pyramid fields there with a message saying why. Indices
     * without the setting keep OpenSearch's own codec service, untouched.
     */
    @Override
    public Optional<CodecServiceFactory> getCustomCodecServiceFactory(IndexSettings indexSettings) {
        if (PyramidSettings.ENABLED.get(indexSettings.getSettings()) == false
            || indexSettings.getSettings().getAsBoolean(KNN_INDEX_SETTING, false)) {
            return Optional.empty();
        }
        return Optional.of(PyramidCodecService::new);
    }
}
