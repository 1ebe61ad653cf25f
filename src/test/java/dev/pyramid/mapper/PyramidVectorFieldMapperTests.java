package dev.pyramid.mapper;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.PyramidLevels;
import dev.pyramid.settings.PyramidSettings;

import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.opensearch.common.CheckedConsumer;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.mapper.DocumentMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.MapperParsingException;
import org.opensearch.index.mapper.MapperService;
import org.opensearch.index.mapper.MapperTestCase;
import org.opensearch.index.mapper.ParseContext;
import org.opensearch.index.mapper.ParsedDocument;
import org.opensearch.plugins.Plugin;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;

public class PyramidVectorFieldMapperTests extends MapperTestCase {

    private static final int DIM = 4;

    /** Extra index settings for the mapper service of the current test; null means the framework's defaults. */
    private Settings extraIndexSettings;

    @Override
    protected Collection<? extends Plugin> getPlugins() {
        return List.of(new PyramidPlugin());
    }

    /** Every test index is a pyramid index unless {@link #extraIndexSettings} says otherwise. */
    @Override
    protected Settings getIndexSettings() {
        Settings.Builder settings = Settings.builder().put(super.getIndexSettings()).put(PyramidSettings.ENABLED.getKey(), true);
        if (extraIndexSettings != null) {
            settings.put(extraIndexSettings);
        }
        return settings.build();
    }

    @Override
    protected void minimalMapping(XContentBuilder b) throws IOException {
        b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", DIM);
    }

    @Override
    protected void writeFieldValue(XContentBuilder builder) throws IOException {
        builder.startArray().value(0.5f).value(-1.0f).value(2.0f).value(0.25f).endArray();
    }

    @Override
    protected void registerParameters(ParameterChecker checker) throws IOException {
        // None of these can change on an existing field: they decide what the segments store.
        checker.registerConflictCheck(
            "dimension",
            fieldMapping(this::minimalMapping),
            fieldMapping(b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", DIM * 2))
        );
        checker.registerConflictCheck("similarity", b -> b.field("similarity", "l2"));
        checker.registerConflictCheck("model", b -> b.field("model", "minilm"));
        checker.registerConflictCheck(
            "levels",
            b -> levels(b, Map.of("dims", DIM, "encoding", "int8"), Map.of("dims", DIM, "encoding", "float"))
        );
    }

    /**
     * A vector field's exists query is Lucene's {@link FieldExistsQuery}, which reads the vector values themselves; the
     * base class expects a {@code _field_names} term query for fields without doc values or norms, which does not apply.
     */
    @Override
    protected void assertExistsQuery(MappedFieldType fieldType, Query query, ParseContext.Document fields) {
        assertThat(query, instanceOf(FieldExistsQuery.class));
        assertEquals("field", ((FieldExistsQuery) query).getField());
        assertThat(fields.getField("field"), instanceOf(KnnFloatVectorField.class));
        assertNoDocValuesField(fields, "field");
        assertNoFieldNamesField(fields);
    }

    public void testExistsQueryFindsIndexedVectors() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(this::minimalMapping));
        Query query = mapperService.fieldType("field").existsQuery(createQueryShardContext(mapperService));
        withLuceneIndex(mapperService, iw -> {
            iw.addDocument(mapperService.documentMapper().parse(source(this::writeField)).rootDoc());
            iw.addDocument(mapperService.documentMapper().parse(source(b -> b.field("other", "no vector"))).rootDoc());
            iw.addDocument(mapperService.documentMapper().parse(source(b -> b.nullField("field"))).rootDoc());
        }, reader -> assertEquals(1, newSearcher(reader).count(query)));
    }

    public void testMinimalMapping() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(this::minimalMapping));
        assertEquals(
            "{\"_doc\":{\"properties\":{\"field\":{\"type\":\"pyramid_vector\",\"dimension\":4}}}}",
            mapperService.documentMapper().mappingSource().toString()
        );
        PyramidVectorFieldType fieldType = (PyramidVectorFieldType) mapperService.fieldType("field");
        assertEquals(DIM, fieldType.dimension());
        assertEquals(VectorSimilarity.COSINE, fieldType.similarity());
        assertTrue(fieldType.isSearchable());
        assertFalse(fieldType.isStored());
        assertFalse(fieldType.hasDocValues());
    }

    public void testDefaultLevelsAreBinaryInt4FloatAtFullDimension() throws IOException {
        int dimension = randomIntBetween(1, PyramidVectorFieldMapper.MAX_DIMENSION);
        MapperService mapperService = createMapperService(
            fieldMapping(b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", dimension))
        );
        PyramidLevels levels = ((PyramidVectorFieldType) mapperService.fieldType("field")).levels();
        assertEquals(
            List.of(
                new LevelSpec(dimension, LevelEncoding.BINARY),
                new LevelSpec(dimension, LevelEncoding.INT4),
                new LevelSpec(dimension, LevelEncoding.FLOAT)
            ),
            levels.levels()
        );
        assertEquals(PyramidLevels.defaultFor(dimension), levels);
    }

    public void testConfiguredLevelsAreKeptAndSerialized() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(b -> {
            minimalMapping(b);
            levels(
                b,
                Map.of("dims", 2, "encoding", "binary"),
                Map.of("dims", DIM, "encoding", "int8"),
                Map.of("dims", DIM, "encoding", "float")
            );
        }));
        PyramidLevels levels = ((PyramidVectorFieldType) mapperService.fieldType("field")).levels();
        assertEquals(
            List.of(
                new LevelSpec(2, LevelEncoding.BINARY),
                new LevelSpec(DIM, LevelEncoding.INT8),
                new LevelSpec(DIM, LevelEncoding.FLOAT)
            ),
            levels.levels()
        );
        assertThat(
            mapperService.documentMapper().mappingSource().toString(),
            containsString(
                "\"levels\":[{\"dims\":2,\"encoding\":\"binary\"},{\"dims\":4,\"encoding\":\"int8\"},{\"dims\":4,\"encoding\":\"float\"}]"
            )
        );
    }

    public void testCosineIndexesUnitVector() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "cosine");
        }));
        KnnFloatVectorField field = parseSingleVector(mapper, "[3, 4, 0, 0]");
        assertEquals(DIM, field.fieldType().vectorDimension());
        // cosine is served as a dot product over normalised vectors
        assertEquals(VectorSimilarityFunction.DOT_PRODUCT, field.fieldType().vectorSimilarityFunction());
        assertArrayEquals(new float[] { 0.6f, 0.8f, 0f, 0f }, field.vectorValue(), 1e-6f);
    }

    public void testL2IndexesVectorAsIs() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "l2");
        }));
        KnnFloatVectorField field = parseSingleVector(mapper, "[3, 4.5, -1e-3, 0]");
        assertEquals(DIM, field.fieldType().vectorDimension());
        assertEquals(VectorSimilarityFunction.EUCLIDEAN, field.fieldType().vectorSimilarityFunction());
        assertArrayEquals(new float[] { 3f, 4.5f, -1e-3f, 0f }, field.vectorValue(), 0f);
    }

    public void testDotProductIndexesVectorAsIs() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "dot_product");
        }));
        KnnFloatVectorField field = parseSingleVector(mapper, "[3, 4, 0, 0]");
        assertEquals(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, field.fieldType().vectorSimilarityFunction());
        assertArrayEquals(new float[] { 3f, 4f, 0f, 0f }, field.vectorValue(), 0f);
    }

    /**
     * Derived source leaves out of _source only vectors the index gives back as sent: a cosine field's key is marked
     * for a unit-length input (the indexed copy is the same vector), not for another length (it is normalised).
     */
    public void testVectorKeysMarkOnlyVectorsIndexedAsSent() throws IOException {
        DocumentMapper cosine = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "cosine");
        }));
        assertArrayEquals(new String[] { "field" }, vectorKeys(cosine, "[0.6, 0.8, 0, 0]"));
        assertArrayEquals(new String[0], vectorKeys(cosine, "[3, 4, 0, 0]"));
        DocumentMapper l2 = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "l2");
        }));
        assertArrayEquals(new String[] { "field" }, vectorKeys(l2, "[3, 4, 0, 0]"));
    }

    private String[] vectorKeys(DocumentMapper mapper, String vectorJson) throws IOException {
        ParsedDocument doc = mapper.parse(source("{\"field\": " + vectorJson + "}"));
        return java.util.Arrays.stream(doc.rootDoc().getFields(dev.pyramid.codec.source.DerivedVectorsStoredFieldsFormat.VECTOR_KEYS_FIELD))
            .map(org.apache.lucene.index.IndexableField::stringValue)
            .toArray(String[]::new);
    }

    public void testNullValueIndexesNothing() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        ParsedDocument doc = mapper.parse(source(b -> b.nullField("field")));
        assertEquals(0, doc.rootDoc().getFields("field").length);
    }

    public void testWrongLength() throws IOException {
        assertDocumentError("[1, 2, 3]", "field [field] of type [pyramid_vector] expects a vector of dimension [4], got [3]");
        assertDocumentError("[1, 2, 3, 4, 5]", "expects a vector of dimension [4], got [5]");
    }

    public void testEmptyArray() throws IOException {
        assertDocumentError("[]", "field [field] of type [pyramid_vector] expects a vector of dimension [4], got [0]");
    }

    public void testNonNumericStringElement() throws IOException {
        assertDocumentError(
            "[1, \"a\", 3, 4]",
            "field [field] of type [pyramid_vector] expects an array of numbers, but element [1] is [string \"a\"]"
        );
        // numbers given as strings are refused too: a vector is never coerced
        assertDocumentError("[\"1.0\", 2, 3, 4]", "element [0] is [string \"1.0\"]");
    }

    public void testNestedArray() throws IOException {
        assertDocumentError(
            "[[1, 2], [3, 4]]",
            "field [field] of type [pyramid_vector] expects an array of numbers, but element [0] is a nested array"
        );
    }

    public void testNullElement() throws IOException {
        assertDocumentError("[1, null, 3, 4]", "element [1] is [null]");
    }

    public void testObject() throws IOException {
        assertDocumentError("{\"a\": 1}", "field [field] of type [pyramid_vector] expects an array of numbers, got [an object]");
    }

    public void testBoolean() throws IOException {
        assertDocumentError("true", "field [field] of type [pyramid_vector] expects an array of numbers, got [boolean true]");
    }

    public void testSingleNumber() throws IOException {
        assertDocumentError("1.5", "field [field] of type [pyramid_vector] expects an array of numbers, got [");
    }

    public void testFloatOverflow() throws IOException {
        assertDocumentError("[1, 1e39, 3, 4]", "field [field] of type [pyramid_vector] element [1] must be a finite float");
        assertDocumentError("[1, 2, -1e39, 4]", "element [2] must be a finite float");
    }

    public void testZeroVectorWithCosine() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        MapperParsingException e = expectThrows(MapperParsingException.class, () -> mapper.parse(source("{\"field\": [0, 0, 0, 0]}")));
        assertThat(
            fullMessage(e),
            containsString(
                "field [field] of type [pyramid_vector] uses [cosine] similarity, which is undefined for a zero-magnitude vector"
            )
        );
    }

    public void testZeroVectorIsFineForL2() throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(b -> {
            minimalMapping(b);
            b.field("similarity", "l2");
        }));
        assertArrayEquals(new float[DIM], parseSingleVector(mapper, "[0, 0, 0, 0]").vectorValue(), 0f);
    }

    public void testMissingDimension() {
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE),
            "field [field] of type [pyramid_vector]: [dimension] is required"
        );
    }

    public void testDimensionOutOfRange() {
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", 0),
            "[dimension] must be in [1, 4096], got [0]"
        );
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", 4097),
            "[dimension] must be in [1, 4096], got [4097]"
        );
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", -3),
            "[dimension] must be in [1, 4096], got [-3]"
        );
    }

    public void testDimensionNotAnInteger() {
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", "four"),
            "[dimension] must be an integer, got [four]"
        );
        assertMappingError(
            b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", 4.5),
            "[dimension] must be an integer, got [4.5]"
        );
    }

    public void testMaxDimensionIsAccepted() throws IOException {
        MapperService mapperService = createMapperService(
            fieldMapping(
                b -> b.field("type", PyramidVectorFieldMapper.CONTENT_TYPE).field("dimension", PyramidVectorFieldMapper.MAX_DIMENSION)
            )
        );
        assertEquals(PyramidVectorFieldMapper.MAX_DIMENSION, ((PyramidVectorFieldType) mapperService.fieldType("field")).dimension());
    }

    public void testUnknownSimilarity() {
        assertMappingError(b -> {
            minimalMapping(b);
            b.field("similarity", "hamming");
        }, "Unknown value [hamming] for field [similarity] - accepted values are [cosine, dot_product, l2]");
    }

    public void testUnknownParameter() {
        assertMappingError(b -> {
            minimalMapping(b);
            b.field("ef_search", 100);
        }, "unknown parameter [ef_search] on mapper [field] of type [pyramid_vector]");
    }

    public void testLevelsNotAList() {
        assertMappingError(b -> {
            minimalMapping(b);
            b.field("levels", "binary");
        }, "[levels] must be a list of {\"dims\": n, \"encoding\": e} objects, got [binary]");
    }

    public void testLevelNotAnObject() {
        assertMappingError(b -> {
            minimalMapping(b);
            b.startArray("levels").value(4).endArray();
        }, "[levels] level 1 must be an object {\"dims\": n, \"encoding\": e}, got [4]");
    }

    public void testLevelUnknownKey() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", DIM, "encoding", "binary", "bits", 1), Map.of("dims", DIM, "encoding", "float"));
            },
            "[levels] level 1: unknown parameter [bits], expected [dims] and [encoding]"
        );
    }

    public void testLevelBadEncoding() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", DIM, "encoding", "int3"), Map.of("dims", DIM, "encoding", "float"));
            },
            "[levels] level 1: unknown encoding [int3], expected one of [binary, int4, int8, float]"
        );
        assertMappingError(b -> {
            minimalMapping(b);
            levels(b, Map.of("dims", DIM));
        }, "[levels] level 1: [encoding] must be one of [binary, int4, int8, float], got [null]");
    }

    public void testLevelDimsNotAnInteger() {
        assertMappingError(b -> {
            minimalMapping(b);
            levels(b, Map.of("dims", "all", "encoding", "float"));
        }, "[levels] level 1: [dims] must be an integer, got [all]");
    }

    public void testLevelDimsOutOfRange() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", 0, "encoding", "binary"), Map.of("dims", DIM, "encoding", "float"));
            },
            "field [field] of type [pyramid_vector]: [levels] level 1: [dims] must be in [1, 4] (the field's dimension), got [0]"
        );
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", DIM + 1, "encoding", "binary"), Map.of("dims", DIM, "encoding", "float"));
            },
            "[levels] level 1: [dims] must be in [1, 4] (the field's dimension), got [5]"
        );
    }

    public void testFloatNotLast() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", 2, "encoding", "float"), Map.of("dims", DIM, "encoding", "float"));
            },
            "[levels] level 1: [float] is only allowed as the last level"
        );
    }

    public void testLastLevelNotFloatAtFullDimension() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", DIM, "encoding", "binary"), Map.of("dims", DIM, "encoding", "int8"));
            },
            "[levels] the last level must be {\"dims\": 4, \"encoding\": \"float\"} (full precision), got [int8@4]"
        );
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(b, Map.of("dims", 2, "encoding", "binary"), Map.of("dims", 3, "encoding", "float"));
            },
            "[levels] the last level must be {\"dims\": 4, \"encoding\": \"float\"} (full precision), got [float@3]"
        );
    }

    public void testLevelsNotCoarseToFine() {
        // fewer bits after more bits
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(
                    b,
                    Map.of("dims", DIM, "encoding", "int8"),
                    Map.of("dims", DIM, "encoding", "int4"),
                    Map.of("dims", DIM, "encoding", "float")
                );
            },
            "[levels] must go from coarse to fine: level 2 [int4@4] is not finer than level 1 [int8@4]"
        );
        // fewer dimensions after more dimensions
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(
                    b,
                    Map.of("dims", DIM, "encoding", "binary"),
                    Map.of("dims", 2, "encoding", "int8"),
                    Map.of("dims", DIM, "encoding", "float")
                );
            },
            "[levels] must go from coarse to fine: level 2 [int8@2] is not finer than level 1 [binary@4]"
        );
        // the same level twice is not finer
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(
                    b,
                    Map.of("dims", DIM, "encoding", "binary"),
                    Map.of("dims", DIM, "encoding", "binary"),
                    Map.of("dims", DIM, "encoding", "float")
                );
            },
            "[levels] must go from coarse to fine: level 2 [binary@4] is not finer than level 1 [binary@4]"
        );
    }

    public void testTooManyLevels() {
        assertMappingError(
            b -> {
                minimalMapping(b);
                levels(
                    b,
                    Map.of("dims", 1, "encoding", "binary"),
                    Map.of("dims", 2, "encoding", "binary"),
                    Map.of("dims", 2, "encoding", "int4"),
                    Map.of("dims", 4, "encoding", "int8"),
                    Map.of("dims", 4, "encoding", "float")
                );
            },
            "[levels] may list at most 4 levels, got [5]"
        );
    }

    public void testEmptyLevels() {
        assertMappingError(b -> {
            minimalMapping(b);
            b.startArray("levels").endArray();
        }, "[levels] must list at least one level");
    }

    public void testSingleFloatLevelIsAccepted() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(b -> {
            minimalMapping(b);
            levels(b, Map.of("dims", DIM, "encoding", "float"));
        }));
        PyramidLevels levels = ((PyramidVectorFieldType) mapperService.fieldType("field")).levels();
        assertEquals(List.of(new LevelSpec(DIM, LevelEncoding.FLOAT)), levels.levels());
    }

    public void testRefusedOnKnnIndex() {
        extraIndexSettings = Settings.builder().put("index.knn", true).build();
        MapperParsingException e = expectThrows(
            MapperParsingException.class,
            () -> createMapperService(fieldMapping(this::minimalMapping))
        );
        assertThat(
            fullMessage(e),
            containsString("field [field] of type [pyramid_vector] cannot be declared in an index with [index.knn: true]")
        );
    }

    public void testRefusedWithoutPyramidEnabled() {
        extraIndexSettings = Settings.builder().put(PyramidSettings.ENABLED.getKey(), false).build();
        MapperParsingException e = expectThrows(
            MapperParsingException.class,
            () -> createMapperService(fieldMapping(this::minimalMapping))
        );
        assertThat(
            fullMessage(e),
            containsString("field [field] of type [pyramid_vector] needs an index created with [index.pyramid.enabled: true]")
        );
    }

    public void testAcceptedOnIndexWithKnnFalse() throws IOException {
        extraIndexSettings = Settings.builder().put("index.knn", false).build();
        MapperService mapperService = createMapperService(fieldMapping(this::minimalMapping));
        assertThat(mapperService.fieldType("field"), instanceOf(PyramidVectorFieldType.class));
    }

    public void testTermQueryIsRefused() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(this::minimalMapping));
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> mapperService.fieldType("field").termQuery("x", createQueryShardContext(mapperService))
        );
        assertEquals(
            "field [field] of type [pyramid_vector] does not support term queries; search it with an [spi_pyramid] query",
            e.getMessage()
        );
    }

    @SafeVarargs
    private static void levels(XContentBuilder b, Map<String, ?>... levels) throws IOException {
        b.startArray("levels");
        for (Map<String, ?> level : levels) {
            b.map(level);
        }
        b.endArray();
    }

    public void testModelIsKeptAndSerialized() throws IOException {
        MapperService mapperService = createMapperService(fieldMapping(b -> {
            minimalMapping(b);
            b.field("model", "minilm");
        }));
        assertEquals("minilm", ((PyramidVectorFieldType) mapperService.fieldType("field")).model());
        assertThat(mapperService.documentMapper().mappingSource().toString(), containsString("\"model\":\"minilm\""));
        // the model is checked when used, not here: a mapping may name a model before it is installed
        assertNull(((PyramidVectorFieldType) createMapperService(fieldMapping(this::minimalMapping)).fieldType("field")).model());
    }

    public void testModelMustBeAName() {
        for (String bad : new String[] { "../minilm", "/etc/models/minilm", "a/b", "a\\b", "", "mini.lm" }) {
            assertMappingError(b -> {
                minimalMapping(b);
                b.field("model", bad);
            }, "field [field] of type [pyramid_vector]: [model] model name [" + bad + "] is invalid");
        }
    }

    private KnnFloatVectorField parseSingleVector(DocumentMapper mapper, String vectorJson) throws IOException {
        ParsedDocument doc = mapper.parse(source("{\"field\": " + vectorJson + "}"));
        IndexableField[] fields = doc.rootDoc().getFields("field");
        assertEquals(1, fields.length);
        assertThat(fields[0], instanceOf(KnnFloatVectorField.class));
        return (KnnFloatVectorField) fields[0];
    }

    /** Indexes {@code {"field": <valueJson>}} into the minimal mapping and checks the error names the field and problem. */
    private void assertDocumentError(String valueJson, String expectedMessage) throws IOException {
        DocumentMapper mapper = createDocumentMapper(fieldMapping(this::minimalMapping));
        MapperParsingException e = expectThrows(MapperParsingException.class, () -> mapper.parse(source("{\"field\": " + valueJson + "}")));
        assertThat(e.getMessage(), containsString("failed to parse field [field] of type [pyramid_vector]"));
        assertThat(fullMessage(e), containsString(expectedMessage));
    }

    private void assertMappingError(CheckedConsumer<XContentBuilder, IOException> fieldMapping, String expectedMessage) {
        MapperParsingException e = expectThrows(MapperParsingException.class, () -> createMapperService(fieldMapping(fieldMapping)));
        assertThat(fullMessage(e), containsString(expectedMessage));
    }

    /** The messages of an exception and its causes, since OpenSearch wraps the mapper's own message. */
    private static String fullMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            sb.append(cause.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
