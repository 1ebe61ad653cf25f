package dev.pyramid.codec;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.opensearch.index.mapper.MapperService;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps an index's codec and sends {@code pyramid_vector} fields to {@link Pyramid1VectorsFormat}; every other
 * field, and everything that is not vectors, stays with the wrapped codec.
 *
 * <p>The codec keeps the wrapped codec's name (e.g. {@code Lucene103}), so segments are read back by the stock
 * codec: the per-field vectors format records {@code "Pyramid1"} in each field's attributes and Lucene finds it by
 * SPI. The plugin therefore needs no codec of its own in {@code META-INF/services}, only the vectors format.
 */
public final class PyramidCodec extends FilterCodec {

    private final MapperService mapperService;
    // One format instance per distinct pyramid: Lucene's per-field writer groups fields by format instance.
    private final Map<PyramidLevels, KnnVectorsFormat> pyramidFormats = new ConcurrentHashMap<>();
    private final KnnVectorsFormat fallbackFormat = new Lucene99HnswVectorsFormat();
    private final KnnVectorsFormat perFieldFormat = new PerFieldKnnVectorsFormat() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return formatForField(field);
        }
    };

    public PyramidCodec(Codec delegate, MapperService mapperService) {
        super(delegate.getName(), delegate);
        this.mapperService = mapperService;
    }

    @Override
    public KnnVectorsFormat knnVectorsFormat() {
        return perFieldFormat;
    }

    KnnVectorsFormat formatForField(String field) {
        if (mapperService.fieldType(field) instanceof PyramidVectorFieldType pyramidField) {
            return pyramidFormats.computeIfAbsent(pyramidField.levels(), levels -> new Pyramid1VectorsFormat(LevelsPolicy.fixed(levels)));
        }
        // Ask the wrapped codec for the field's own format rather than nesting its per-field format inside ours:
        // nested per-field formats overwrite each other's field attributes.
        if (delegate instanceof Lucene103Codec lucene103) {
            return lucene103.getKnnVectorsFormatForField(field);
        }
        return fallbackFormat;
    }

    /** The wrapped codec, for tests and diagnostics. */
    public Codec delegate() {
        return delegate;
    }
}
