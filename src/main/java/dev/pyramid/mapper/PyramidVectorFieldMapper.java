package dev.pyramid.mapper;

import dev.pyramid.codec.source.DerivedVectorsStoredFieldsFormat;
import dev.pyramid.model.ModelName;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.PyramidLevels;
import dev.pyramid.settings.PyramidSettings;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.mapper.FieldMapper;
import org.opensearch.index.mapper.MapperParsingException;
import org.opensearch.index.mapper.ParametrizedFieldMapper;
import org.opensearch.index.mapper.ParseContext;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a {@code pyramid_vector} field: a dense float vector given as a JSON array, indexed as a Lucene float vector
 * field whose per-segment storage (the pyramid levels) the plugin's codec chooses.
 *
 * <pre>
 * "embedding": {"type": "pyramid_vector", "dimension": 384, "similarity": "cosine",
 *               "levels": [{"dims": 384, "encoding": "binary"}, {"dims": 384, "encoding": "int4"},
 *                          {"dims": 384, "encoding": "float"}],
 *               "model": "minilm"}
 * </pre>
 *
 * <p>{@code model} (optional) names the embedding model under {@code <config>/pyramid/models/} that embeds
 * {@code query_text} for this field; it is checked to be a model name here and to exist when it is used.
 */
public final class PyramidVectorFieldMapper extends ParametrizedFieldMapper {

    public static final String CONTENT_TYPE = "pyramid_vector";
    public static final int MAX_DIMENSION = 4096;
    /** The k-NN plugin owns the codec of indices with this setting, so pyramid fields cannot live there. */
    static final String KNN_INDEX_SETTING = "index.knn";

    public static final TypeParser PARSER = new TypeParser((name, parserContext) -> {
        if (parserContext.getSettings().getAsBoolean(KNN_INDEX_SETTING, false)) {
            throw new MapperParsingException(
                String.format(
                    Locale.ROOT,
                    "field [%s] of type [%s] cannot be declared in an index with [%s: true]: the k-NN plugin owns the codec "
                        + "of such indices; put pyramid fields in an index without [%s]",
                    name,
                    CONTENT_TYPE,
                    KNN_INDEX_SETTING,
                    KNN_INDEX_SETTING
                )
            );
        }
        if (PyramidSettings.ENABLED.get(parserContext.getSettings()) == false) {
            throw new MapperParsingException(
                String.format(
                    Locale.ROOT,
                    "field [%s] of type [%s] needs an index created with [%s: true]: that setting lets the plugin store "
                        + "pyramid levels in the index's segments",
                    name,
                    CONTENT_TYPE,
                    PyramidSettings.ENABLED.getKey()
                )
            );
        }
        return new Builder(name);
    });

    private static String describe(String field) {
        return String.format(Locale.ROOT, "field [%s] of type [%s]", field, CONTENT_TYPE);
    }

    private static PyramidVectorFieldMapper toType(FieldMapper in) {
        return (PyramidVectorFieldMapper) in;
    }

    /** Declares the mapping parameters; validation that needs several of them happens in {@link #build}. */
    public static final class Builder extends ParametrizedFieldMapper.Builder {

        private final Parameter<Integer> dimension = new Parameter<>(
            "dimension",
            false,
            () -> null,
            (n, c, o) -> parseDimension(n, o),
            m -> toType(m).dimension
        ).setValidator(value -> validateDimension(name, value));

        private final Parameter<String> similarity = Parameter.restrictedStringParam(
            "similarity",
            false,
            m -> toType(m).similarity.jsonName(),
            VectorSimilarity.jsonNames()
        );

        private final Parameter<List<LevelSpec>> levels = new Parameter<List<LevelSpec>>(
            "levels",
            false,
            () -> null,
            (n, c, o) -> parseLevels(n, o),
            m -> toType(m).configuredLevels
        ).setSerializer((b, n, v) -> {
            if (v != null) {
                b.field(n, v.stream().map(LevelSpec::toMap).toList());
            }
        }, v -> v == null ? "default" : v.toString()).acceptsNull();

        /** The embedding model that turns text into this field's vectors ({@code query_text}); checked when used. */
        private final Parameter<String> model = Parameter.stringParam("model", false, m -> toType(m).model, null)
            .acceptsNull()
            .setValidator(value -> validateModel(name, value));

        private final Parameter<Map<String, String>> meta = Parameter.metaParam();

        public Builder(String name) {
            super(name);
        }

        public Builder dimension(int value) {
            dimension.setValue(value);
            return this;
        }

        @Override
        protected List<Parameter<?>> getParameters() {
            return List.of(dimension, similarity, levels, model, meta);
        }

        @Override
        public PyramidVectorFieldMapper build(BuilderContext context) {
            int dim = dimension.getValue();
            PyramidLevels resolvedLevels;
            try {
                resolvedLevels = levels.getValue() == null ? PyramidLevels.defaultFor(dim) : PyramidLevels.of(levels.getValue(), dim);
            } catch (IllegalArgumentException e) {
                throw new MapperParsingException(describe(name) + ": " + e.getMessage(), e);
            }
            VectorSimilarity sim = VectorSimilarity.fromJsonName(similarity.getValue());
            PyramidVectorFieldType fieldType = new PyramidVectorFieldType(
                buildFullName(context),
                dim,
                sim,
                resolvedLevels,
                model.getValue(),
                meta.getValue()
            );
            return new PyramidVectorFieldMapper(name, fieldType, levels.getValue(), multiFieldsBuilder.build(this, context), copyTo.build());
        }

        private static List<LevelSpec> parseLevels(String field, Object value) {
            if (value == null) {
                return null; // explicit null: the default pyramid
            }
            try {
                return PyramidLevels.parse(value);
            } catch (IllegalArgumentException e) {
                throw new MapperParsingException(describe(field) + ": " + e.getMessage(), e);
            }
        }

        private static Integer parseDimension(String field, Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                long dim = ((Number) value).longValue();
                return dim > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(dim, Integer.MIN_VALUE);
            }
            if (value instanceof String s) {
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    // falls through to the common message
                }
            }
            throw new MapperParsingException(describe(field) + ": [dimension] must be an integer, got [" + value + "]");
        }

        private static void validateModel(String field, String value) {
            if (value == null) {
                return;
            }
            try {
                ModelName.check(value);
            } catch (IllegalArgumentException e) {
                throw new MapperParsingException(describe(field) + ": [model] " + e.getMessage(), e);
            }
        }

        private static void validateDimension(String field, Integer value) {
            if (value == null) {
                throw new MapperParsingException(describe(field) + ": [dimension] is required");
            }
            if (value < 1 || value > MAX_DIMENSION) {
                throw new MapperParsingException(
                    String.format(Locale.ROOT, "%s: [dimension] must be in [1, %d], got [%d]", describe(field), MAX_DIMENSION, value)
                );
            }
        }
    }

    private final int dimension;
    private final VectorSimilarity similarity;
    private final List<LevelSpec> configuredLevels;
    private final String model;
    private final FieldType luceneFieldType;

    private PyramidVectorFieldMapper(
        String simpleName,
        PyramidVectorFieldType fieldType,
        List<LevelSpec> configuredLevels,
        MultiFields multiFields,
        CopyTo copyTo
    ) {
        super(simpleName, fieldType, multiFields, copyTo);
        this.dimension = fieldType.dimension();
        this.similarity = fieldType.similarity();
        this.configuredLevels = configuredLevels;
        this.model = fieldType.model();
        this.luceneFieldType = KnnFloatVectorField.createFieldType(dimension, similarity.luceneFunction());
    }

    @Override
    public PyramidVectorFieldType fieldType() {
        return (PyramidVectorFieldType) super.fieldType();
    }

    @Override
    public boolean parsesArrayValue() {
        return true;
    }

    @Override
    protected void parseCreateField(ParseContext context) throws IOException {
        XContentParser parser = context.parser();
        if (parser.currentToken() == XContentParser.Token.VALUE_NULL) {
            return;
        }
        String what = describe(name());
        float[] vector = VectorValues.parse(parser, what);
        VectorValues.checkDimension(vector, dimension, what);
        context.doc().add(new KnnFloatVectorField(name(), similarity.prepare(vector, what), luceneFieldType));
        if (name().indexOf('.') < 0 && similarity.indexesAsSent(vector)) {
            // The fact derived source needs: this document's top-level key holds the vector now indexed, and the
            // index gives it back (a normalising field keeps the unit vector, so only unit-length input). The stored
            // fields writer leaves a vector out of _source only for keys so marked (a few bytes per document).
            context.doc().add(new StoredField(DerivedVectorsStoredFieldsFormat.VECTOR_KEYS_FIELD, name()));
        }
    }

    @Override
    protected String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public ParametrizedFieldMapper.Builder getMergeBuilder() {
        return new Builder(simpleName()).init(this);
    }
}
