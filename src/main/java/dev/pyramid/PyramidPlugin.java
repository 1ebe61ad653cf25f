package dev.pyramid;

import dev.pyramid.codec.PyramidCodecService;
import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.settings.PyramidSettings;

import org.opensearch.common.settings.Setting;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.codec.CodecServiceFactory;
import org.opensearch.index.mapper.Mapper;
import org.opensearch.plugins.EnginePlugin;
import org.opensearch.plugins.MapperPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wires the plugin's parts into OpenSearch; holds no logic of its own. */
public class PyramidPlugin extends Plugin implements MapperPlugin, SearchPlugin, EnginePlugin {

    /** The k-NN plugin's index setting; k-NN installs its own codec service on those indices. */
    private static final String KNN_INDEX_SETTING = "index.knn";

    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of(PyramidVectorFieldMapper.CONTENT_TYPE, PyramidVectorFieldMapper.PARSER);
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(new QuerySpec<>(SpiPyramidQueryBuilder.NAME, SpiPyramidQueryBuilder::new, SpiPyramidQueryBuilder::fromXContent));
    }

    @Override
    public List<Setting<?>> getSettings() {
        return PyramidSettings.all();
    }

    /**
     * Pyramid fields need their own vectors format, and OpenSearch 3.5's default codec does not route vectors formats
     * per field, so the plugin serves the codec of every index except the ones the k-NN plugin claims
     * ({@code index.knn: true}): OpenSearch allows one codec service factory per index, and the mapper refuses
     * pyramid fields there with a message saying why. On indices without pyramid fields the wrapped codec writes
     * exactly what the stock codec writes.
     */
    @Override
    public Optional<CodecServiceFactory> getCustomCodecServiceFactory(IndexSettings indexSettings) {
        if (indexSettings.getSettings().getAsBoolean(KNN_INDEX_SETTING, false)) {
            return Optional.empty();
        }
        return Optional.of(PyramidCodecService::new);
    }
}
