package dev.pyramid.query;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.settings.PyramidSettings;

import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.opensearch.common.compress.CompressedXContent;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.ParsingException;
import org.opensearch.index.mapper.MapperService;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.MatchAllQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.QueryShardException;
import org.opensearch.index.query.TermQueryBuilder;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.AbstractQueryTestCase;
import org.opensearch.test.TestGeoShapeFieldMapperPlugin;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.sameInstance;

public class SpiPyramidQueryBuilderTests extends AbstractQueryTestCase<SpiPyramidQueryBuilder> {

    private static final int DIM = 4;
    private static final String COSINE_FIELD = "pyramid_cosine";
    private static final String L2_FIELD = "pyramid_l2";
    private static final String DOT_PRODUCT_FIELD = "pyramid_dot_product";
    /** All three fields use the default pyramid: binary, int4, float. */
    private static final int LEVELS = 3;

    /**
     * The framework maps a {@code geo_shape} field in every test index, whose mapper lives in the geo module, not in
     * the server jar; its test stand-in registers it, as OpenSearch's own plugin query tests do.
     */
    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(PyramidPlugin.class, TestGeoShapeFieldMapperPlugin.class);
    }

    /** The test index is a pyramid index, as every index with pyramid fields must be. */
    @Override
    protected Settings createTestIndexSettings() {
        return Settings.builder().put(super.createTestIndexSettings()).put(PyramidSettings.ENABLED.getKey(), true).build();
    }

    @Override
    protected void initializeAdditionalMappings(MapperService mapperService) throws IOException {
        String mapping = String.format(
            Locale.ROOT,
            "{\"properties\":{"
                + "\"%s\":{\"type\":\"pyramid_vector\",\"dimension\":%d,\"similarity\":\"cosine\"},"
                + "\"%s\":{\"type\":\"pyramid_vector\",\"dimension\":%d,\"similarity\":\"l2\"},"
                + "\"%s\":{\"type\":\"pyramid_vector\",\"dimension\":%d,\"similarity\":\"dot_product\"}}}",
            COSINE_FIELD,
            DIM,
            L2_FIELD,
            DIM,
            DOT_PRODUCT_FIELD,
            DIM
        );
        mapperService.merge("_doc", new CompressedXContent(mapping), MapperService.MergeReason.MAPPING_UPDATE);
    }

    @Override
    protected SpiPyramidQueryBuilder doCreateTestQueryBuilder() {
        SpiPyramidQueryBuilder builder = new SpiPyramidQueryBuilder(
            randomFrom(COSINE_FIELD, L2_FIELD, DOT_PRODUCT_FIELD),
            randomVector(),
            randomIntBetween(1, 100)
        );
        if (randomBoolean()) {
            builder.filter(new TermQueryBuilder(TEXT_FIELD_NAME, randomAlphaOfLengthBetween(1, 10).toLowerCase(Locale.ROOT)));
        }
        if (randomBoolean()) {
            builder.depth(randomIntBetween(1, LEVELS));
        }
        if (randomBoolean()) {
            // one factor for all coarse levels, or one per coarse level (two for the default three levels)
            builder.oversample(
                randomBoolean() ? new float[] { randomOversample() } : new float[] { randomOversample(), randomOversample() }
            );
        }
        return builder;
    }

    @Override
    protected void doAssertLuceneQuery(SpiPyramidQueryBuilder queryBuilder, Query query, QueryShardContext context) throws IOException {
        assertThat(query, instanceOf(KnnFloatVectorQuery.class));
        KnnFloatVectorQuery knn = (KnnFloatVectorQuery) query;
        assertEquals(queryBuilder.fieldName(), knn.getField());
        assertEquals(queryBuilder.k(), knn.getK());

        PyramidVectorFieldType fieldType = (PyramidVectorFieldType) context.fieldMapper(queryBuilder.fieldName());
        float[] expectedTarget = queryBuilder.vector();
        if (fieldType.similarity() == VectorSimilarity.COSINE) {
            double norm = 0;
            for (float v : expectedTarget) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < expectedTarget.length; i++) {
                expectedTarget[i] = (float) (expectedTarget[i] / norm);
            }
        }
        float[] target = knn.getTargetCopy();
        assertArrayEquals(expectedTarget, target, 1e-6f);
        if (fieldType.similarity() == VectorSimilarity.COSINE) {
            double squaredNorm = 0;
            for (float v : target) {
                squaredNorm += (double) v * v;
            }
            assertEquals(1.0, squaredNorm, 1e-5);
        }

        Query expectedFilter = queryBuilder.filter() == null ? null : queryBuilder.filter().rewrite(context).toQuery(context);
        assertEquals(expectedFilter, knn.getFilter());
    }

    /** The shortest form: {@code k} and {@code depth} left to their defaults. */
    @Override
    protected Map<String, SpiPyramidQueryBuilder> getAlternateVersions() {
        float[] vector = randomVector();
        String json = String.format(Locale.ROOT, "{\"spi_pyramid\": {\"%s\": {\"vector\": %s}}}", L2_FIELD, Arrays.toString(vector));
        return Map.of(json, new SpiPyramidQueryBuilder(L2_FIELD, vector, SpiPyramidQueryBuilder.DEFAULT_K));
    }

    public void testFromJson() throws IOException {
        String json = "{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1.0,2.0,3.0,4.0],\"k\":5,"
            + "\"filter\":{\"term\":{\"mapped_string\":{\"value\":\"foo\",\"boost\":1.0}}},"
            + "\"depth\":2,\"oversample\":[4.0,2.0],\"boost\":2.0,\"_name\":\"q\"}}}";
        SpiPyramidQueryBuilder parsed = (SpiPyramidQueryBuilder) parseQuery(json);
        checkGeneratedJson(json, parsed);
        assertEquals(L2_FIELD, parsed.fieldName());
        assertArrayEquals(new float[] { 1, 2, 3, 4 }, parsed.vector(), 0f);
        assertEquals(5, parsed.k());
        assertEquals(new TermQueryBuilder(TEXT_FIELD_NAME, "foo"), parsed.filter());
        assertEquals(2, parsed.depth());
        assertArrayEquals(new float[] { 4, 2 }, parsed.oversample(), 0f);
        assertEquals(2.0f, parsed.boost(), 0f);
        assertEquals("q", parsed.queryName());
    }

    public void testDefaults() throws IOException {
        SpiPyramidQueryBuilder parsed = (SpiPyramidQueryBuilder) parseQuery("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4]}}}");
        assertEquals(SpiPyramidQueryBuilder.DEFAULT_K, parsed.k());
        assertEquals(SpiPyramidQueryBuilder.DEPTH_AUTO, parsed.depth());
        assertNull(parsed.oversample());
        assertNull(parsed.filter());
        assertEquals(1.0f, parsed.boost(), 0f);
        assertNull(parsed.queryName());
    }

    public void testDepthAutoAndSingleOversample() throws IOException {
        SpiPyramidQueryBuilder parsed = (SpiPyramidQueryBuilder) parseQuery(
            "{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"depth\":\"auto\",\"oversample\":2.5}}}"
        );
        assertEquals(SpiPyramidQueryBuilder.DEPTH_AUTO, parsed.depth());
        assertArrayEquals(new float[] { 2.5f }, parsed.oversample(), 0f);
    }

    /**
     * The base test expects {@code filter(q)} to wrap the query in a {@code bool} query, i.e. to filter the top k
     * afterwards. A nearest-neighbour query must instead apply the filter while collecting candidates, otherwise a
     * filter pushed down by an enclosing query (e.g. the hybrid query) would leave fewer than k hits. Like the k-NN
     * plugin's {@code knn} query, this builder pushes the filter into its own pre-filter; this test checks that contract.
     */
    @Override
    public void testFilter() throws IOException {
        SpiPyramidQueryBuilder query = createTestQueryBuilder();
        QueryBuilder original = query.filter();
        SpiPyramidQueryBuilder control = copyQueryBuilder(query);

        assertThat(query.filter(null), sameInstance(query));
        assertEquals("a null filter must leave the query unchanged", control, query);

        MatchAllQueryBuilder added = new MatchAllQueryBuilder();
        QueryBuilder filtered = query.filter(added);
        assertThat(filtered, instanceOf(SpiPyramidQueryBuilder.class));
        SpiPyramidQueryBuilder pushedDown = (SpiPyramidQueryBuilder) filtered;
        assertEquals(control.fieldName(), pushedDown.fieldName());
        assertEquals(control.k(), pushedDown.k());
        assertEquals(control.boost(), pushedDown.boost(), 0f);
        assertEquals(control.queryName(), pushedDown.queryName());
        if (original == null) {
            assertEquals(added, pushedDown.filter());
        } else {
            // a second filter narrows the first one, it never replaces it
            assertEquals(new BoolQueryBuilder().filter(original).filter(added), pushedDown.filter());
        }

        Query lucene = pushedDown.toQuery(createShardContext());
        if (lucene instanceof BoostQuery boosted) {
            lucene = boosted.getQuery();
        }
        assertThat(lucene, instanceOf(KnnFloatVectorQuery.class));
        assertNotNull(((KnnFloatVectorQuery) lucene).getFilter());
    }

    // ---- parse errors ----

    public void testKZero() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"k\":0}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] k must be > 0, got [0]"));
    }

    public void testKNegative() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"k\":-5}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] k must be > 0, got [-5]"));
    }

    public void testVectorMissing() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"k\":3}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] field [pyramid_l2] requires a [vector]"));
    }

    public void testVectorEmpty() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[],\"k\":3}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] requires a non-empty [vector] for field [pyramid_l2]"));
    }

    public void testVectorWithString() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,\"two\",3,4]}}}");
        assertThat(
            e.getMessage(),
            containsString("[spi_pyramid] [vector] expects an array of numbers, but element [1] is [string \"two\"]")
        );
    }

    public void testVectorNestedArray() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[[1,2],[3,4]]}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] [vector] expects an array of numbers, but element [0] is a nested array"));
    }

    public void testVectorNaNAsString() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,\"NaN\",3,4]}}}");
        assertThat(
            e.getMessage(),
            containsString("[spi_pyramid] [vector] expects an array of numbers, but element [1] is [string \"NaN\"]")
        );
    }

    public void testVectorFloatOverflow() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,1e39,3,4]}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] [vector] element [1] must be a finite float"));
    }

    public void testVectorNotAnArray() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":\"1,2,3,4\"}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] [vector] expects an array of numbers, got [string \"1,2,3,4\"]"));
    }

    public void testUnknownKeyInFieldObject() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"ef_search\":100}}}");
        assertThat(e.getMessage(), containsString("unknown field [ef_search]"));
        assertThat(e.getMessage(), containsString("[1:"));
        assertEquals(1, e.getLineNumber());
        assertTrue("column of the unknown key, got " + e.getColumnNumber(), e.getColumnNumber() > 40);
    }

    public void testUnknownObjectInFieldObject() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"rescore\":{\"x\":1}}}}");
        assertThat(e.getMessage(), containsString("unknown field [rescore]"));
    }

    public void testTwoFields() {
        ParsingException e = parseError(
            "{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4]},\"pyramid_cosine\":{\"vector\":[1,2,3,4]}}}"
        );
        assertThat(e.getMessage(), containsString("[spi_pyramid] queries one field, got [pyramid_l2] and [pyramid_cosine]"));
    }

    public void testNoField() {
        ParsingException e = parseError("{\"spi_pyramid\":{}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] needs a field"));
    }

    public void testDepthNotAutoOrLevel() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"depth\":\"deep\"}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] depth must be \"auto\" or a level number >= 1, got [deep]"));
        e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"depth\":0}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] depth must be \"auto\" or a level number >= 1, got [0]"));
        e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"depth\":1.5}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] depth must be \"auto\" or a level number >= 1, got [1.5]"));
    }

    public void testOversampleOutOfRange() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"oversample\":0.5}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] oversample must be in [1.0, 1000], got [0.5]"));
        e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"oversample\":[2, 1001]}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] oversample must be in [1.0, 1000], got [1001.0]"));
    }

    public void testOversampleNotANumber() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":{\"vector\":[1,2,3,4],\"oversample\":\"x\"}}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] oversample must be a number or a list of numbers, got [x]"));
    }

    public void testFieldValueNotAnObject() {
        ParsingException e = parseError("{\"spi_pyramid\":{\"pyramid_l2\":[1,2,3,4]}}");
        assertThat(e.getMessage(), containsString("[spi_pyramid] expects an object per field"));
        assertThat(e.getMessage(), containsString("for [pyramid_l2]"));
    }

    // ---- toQuery errors ----

    public void testFieldNotMapped() {
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder("no_such_field", new float[] { 1, 2, 3, 4 }, 10);
        QueryShardException e = expectThrows(QueryShardException.class, () -> query.toQuery(createShardContext()));
        assertThat(e.getMessage(), containsString("[spi_pyramid] field [no_such_field] does not exist in the mapping of index ["));
    }

    public void testFieldOfAnotherType() {
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(TEXT_FIELD_NAME, new float[] { 1, 2, 3, 4 }, 10);
        QueryShardException e = expectThrows(QueryShardException.class, () -> query.toQuery(createShardContext()));
        assertThat(
            e.getMessage(),
            containsString(
                "[spi_pyramid] field [mapped_string] is of type [text], but [spi_pyramid] queries need a field of type [pyramid_vector]"
            )
        );
    }

    public void testWrongDimension() {
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3 }, 10);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> query.toQuery(createShardContext()));
        assertThat(e.getMessage(), containsString("[spi_pyramid] query on field [pyramid_l2] expects a vector of dimension [4], got [3]"));
    }

    public void testKAboveMaxK() throws IOException {
        new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3, 4 }, 10_000).toQuery(createShardContext());
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3, 4 }, 10_001);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> query.toQuery(createShardContext()));
        assertThat(e.getMessage(), containsString("[spi_pyramid] k must be <= [10000] (index setting [index.pyramid.max_k]), got [10001]"));
    }

    public void testDepthAboveLevelCount() throws IOException {
        new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3, 4 }, 10).depth(LEVELS).toQuery(createShardContext());
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3, 4 }, 10).depth(LEVELS + 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> query.toQuery(createShardContext()));
        assertThat(
            e.getMessage(),
            containsString("[spi_pyramid] depth must be \"auto\" or a level number in [1, 3] (field [pyramid_l2] has 3 levels), got [4]")
        );
    }

    public void testOversampleListOfWrongLength() {
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(L2_FIELD, new float[] { 1, 2, 3, 4 }, 10).oversample(2, 3, 4);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> query.toQuery(createShardContext()));
        assertThat(
            e.getMessage(),
            containsString(
                "[spi_pyramid] oversample must be one number or one per coarse level ([2] for field [pyramid_l2]), got [3] numbers"
            )
        );
    }

    public void testZeroVectorOnCosineField() {
        SpiPyramidQueryBuilder query = new SpiPyramidQueryBuilder(COSINE_FIELD, new float[DIM], 10);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> query.toQuery(createShardContext()));
        assertThat(e.getMessage(), containsString("[spi_pyramid] query on field [pyramid_cosine] uses [cosine] similarity"));
    }

    private ParsingException parseError(String json) {
        return expectThrows(ParsingException.class, () -> parseQuery(json));
    }

    private SpiPyramidQueryBuilder copyQueryBuilder(SpiPyramidQueryBuilder query) throws IOException {
        return (SpiPyramidQueryBuilder) copyWriteable(query, namedWriteableRegistry(), SpiPyramidQueryBuilder::new);
    }

    private static float[] randomVector() {
        float[] vector = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            vector[i] = (randomFloat() - 0.5f) * 4;
        }
        // never all zero, which cosine refuses
        vector[0] = 0.1f + randomFloat();
        return vector;
    }

    private static float randomOversample() {
        return 1.0f + randomFloat() * 9;
    }
}
