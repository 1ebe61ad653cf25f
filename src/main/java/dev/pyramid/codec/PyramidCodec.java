package dev.pyramid.codec;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;
import dev.pyramid.codec.source.DerivedVectorsStoredFieldsFormat;
import dev.pyramid.codec.source.StrippableFields;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.opensearch.index.mapper.MapperService;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps an index's codec and sends {@code pyramid_vector} fields to {@link Pyramid1VectorsFormat}; every other
 * field, and everything that is not vectors or stored fields, stays with the wrapped codec.
 *
 * <p>With derived source ({@code index.pyramid.derived_source.enabled}, the default) over Lucene 10.3's codec, stored
 * fields go through {@link DerivedVectorsStoredFieldsFormat}, which keeps the vectors of top-level pyramid fields out
 * of {@code _source}, and segments are named {@link PyramidLucene103Codec#NAME} so that Lucene reads them back with a
 * reader that puts the vectors back. Otherwise the codec keeps the wrapped codec's name (e.g. {@code Lucene103}) and
 * segments are read by the stock codec: the per-field vectors format records {@code "Pyramid1"} in each field's
 * attributes and Lucene finds it by SPI.
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

    private final StoredFieldsFormat storedFieldsFormat;

    public PyramidCodec(Codec delegate, MapperService mapperService, boolean derivedSource) {
        super(derivesSource(delegate, derivedSource) ? PyramidLucene103Codec.NAME : delegate.getName(), delegate);
        this.mapperService = mapperService;
        this.storedFieldsFormat = getName().equals(PyramidLucene103Codec.NAME)
            ? new DerivedVectorsStoredFieldsFormat(delegate.storedFieldsFormat(), this::strippableDimension)
            : delegate.storedFieldsFormat();
    }

    /**
     * Only Lucene 10.3's codec, which {@link PyramidLucene103Codec} reads: another wrapped codec (e.g. a ZSTD codec of
     * another plugin) would need its own reading twin, so its sources keep their vectors.
     */
    private static boolean derivesSource(Codec delegate, boolean derivedSource) {
        return derivedSource && PyramidLucene103Codec.DELEGATE_NAME.equals(delegate.getName());
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return storedFieldsFormat;
    }

    /** Top-level pyramid fields only: the source key of a field inside an object is not its full name. */
    private int strippableDimension(String topLevelKey) {
        if (topLevelKey.indexOf('.') < 0 && mapperService.fieldType(topLevelKey) instanceof PyramidVectorFieldType pyramidField) {
            return pyramidField.dimension();
        }
        return StrippableFields.NOT_STRIPPABLE;
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
