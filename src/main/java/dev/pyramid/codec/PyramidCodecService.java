package dev.pyramid.codec;

import dev.pyramid.settings.PyramidSettings;

import org.apache.lucene.codecs.Codec;
import org.opensearch.index.codec.CodecService;
import org.opensearch.index.codec.CodecServiceConfig;
import org.opensearch.index.mapper.MapperService;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codec service of indices the plugin serves: every codec OpenSearch knows for the index ({@code default},
 * {@code best_compression}, additional codecs of other plugins, ...) comes back wrapped in a {@link PyramidCodec},
 * which changes nothing but where {@code pyramid_vector} fields are written.
 */
public final class PyramidCodecService extends CodecService {

    private final MapperService mapperService;
    private final boolean derivedSource;
    private final Map<String, Codec> wrapped = new ConcurrentHashMap<>();

    public PyramidCodecService(CodecServiceConfig config) {
        super(config.getMapperService(), config.getIndexSettings(), config.getLogger(), config.getAdditionalCodecs());
        this.mapperService = config.getMapperService();
        this.derivedSource = config.getIndexSettings() != null
            && PyramidSettings.DERIVED_SOURCE_ENABLED.get(config.getIndexSettings().getSettings());
    }

    @Override
    public Codec codec(String name) {
        Codec codec = super.codec(name);
        // Without a mapper service (e.g. some tooling paths) no field can be recognised as a pyramid field.
        if (mapperService == null) {
            return codec;
        }
        return wrapped.computeIfAbsent(name, n -> new PyramidCodec(codec, mapperService, derivedSource));
    }
}
