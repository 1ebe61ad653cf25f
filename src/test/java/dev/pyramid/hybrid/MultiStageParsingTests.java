package dev.pyramid.hybrid;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.rerank.DiversitySpec;
import dev.pyramid.rerank.FullPrecisionSpec;
import dev.pyramid.rerank.ModelStageSpec;
import dev.pyramid.rerank.RerankStage;

import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.Strings;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.MatchQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.search.SearchModule;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.List;

/** The {@code hybrid} block and {@code rerank} list of {@code spi_pyramid}: the request shape, round trips, errors. */
public class MultiStageParsingTests extends OpenSearchTestCase {

    private static final String FULL = """
        {"spi_pyramid": {
          "embedding": {"vector": [0.1, 0.2], "k": 100},
          "hybrid": {"lexical": {"match": {"text": "cells"}},
                     "fusion": {"method": "linear", "normalization": "min_max", "weights": [0.3, 0.7]}, "window": 100},
          "rerank": [{"full_precision": {}}, {"diversity": {"lambda": 0.3, "frequency_field": "f"}},
                     {"model": {"name": "minilm", "text_field": "text", "window": 20}}]}}""";

    private final SearchModule searchModule = new SearchModule(Settings.EMPTY, List.of(new PyramidPlugin()));

    @Override
    protected NamedXContentRegistry xContentRegistry() {
        return new NamedXContentRegistry(searchModule.getNamedXContents());
    }

    private QueryBuilder parse(String json) throws IOException {
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            return AbstractQueryBuilder.parseInnerQueryBuilder(parser);
        }
    }

    public void testTheDocumentedShape() throws IOException {
        SpiPyramidQueryBuilder query = (SpiPyramidQueryBuilder) parse(FULL);
        assertEquals("embedding", query.fieldName());
        assertEquals(100, query.k());
        HybridSpec hybrid = query.multiStage().hybrid();
        assertEquals(new MatchQueryBuilder("text", "cells"), hybrid.lexical());
        assertEquals("linear", hybrid.fusion().method());
        assertEquals(List.of(0.3f, 0.7f), hybrid.fusion().weights());
        assertEquals(100, hybrid.window());
        assertEquals(
            List.of(new FullPrecisionSpec(RerankStage.ALL), new DiversitySpec(0.3f, "f", 0.1f, RerankStage.ALL), new ModelStageSpec("minilm", "text", 20)),
            query.multiStage().rerank()
        );
        assertNull("dense retrieval has no stages", query.denseOnly().multiStage());
    }

    public void testDefaults() throws IOException {
        SpiPyramidQueryBuilder query = (SpiPyramidQueryBuilder) parse(
            "{\"spi_pyramid\": {\"embedding\": {\"vector\": [1, 2]}, \"hybrid\": {\"lexical\": {\"match_all\": {}}}}}"
        );
        HybridSpec hybrid = query.multiStage().hybrid();
        assertEquals("rrf", hybrid.fusion().method());
        assertEquals(60, hybrid.rankConstant());
        assertEquals(100, hybrid.window());
        assertEquals(List.of(), query.multiStage().rerank());
        SpiPyramidQueryBuilder rerankOnly = (SpiPyramidQueryBuilder) parse(
            "{\"spi_pyramid\": {\"rerank\": [{\"diversity\": {}}], \"embedding\": {\"vector\": [1, 2]}}}"
        );
        assertNull(rerankOnly.multiStage().hybrid());
        assertEquals(List.of(new DiversitySpec(0.5f, null, 0.1f, RerankStage.ALL)), rerankOnly.multiStage().rerank());
    }

    public void testJsonAndWireRoundTrips() throws IOException {
        SpiPyramidQueryBuilder query = (SpiPyramidQueryBuilder) parse(FULL);
        String json = Strings.toString(MediaTypeRegistry.JSON, query);
        assertEquals(query, parse(json));
        QueryBuilder copy = copyWriteable(query, new NamedWriteableRegistry(searchModule.getNamedWriteables()), SpiPyramidQueryBuilder::new);
        assertEquals(query, copy);
        assertEquals(query.hashCode(), copy.hashCode());
        SpiPyramidQueryBuilder rrf = (SpiPyramidQueryBuilder) parse(
            "{\"spi_pyramid\": {\"embedding\": {\"vector\": [1, 2]}, \"hybrid\": {\"lexical\": {\"match_all\": {}}, \"rank_constant\": 10}}}"
        );
        assertEquals(rrf, parse(Strings.toString(MediaTypeRegistry.JSON, rrf)));
        assertNotEquals(query, rrf);
    }

    private void assertError(String json, String expected) {
        ParsingException e = expectThrows(ParsingException.class, () -> parse(json));
        String message = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
        assertTrue("expected [" + expected + "] in [" + message + "]", message.contains(expected));
    }

    private static String hybrid(String block) {
        return "{\"spi_pyramid\": {\"embedding\": {\"vector\": [1, 2]}, \"hybrid\": " + block + "}}";
    }

    private static String rerank(String list) {
        return "{\"spi_pyramid\": {\"embedding\": {\"vector\": [1, 2]}, \"rerank\": " + list + "}}";
    }

    public void testHybridErrors() {
        assertError(hybrid("{}"), "[hybrid] requires a [lexical] query");
        assertError(hybrid("{\"lexical\": {\"match_all\": {}}, \"size\": 3}"), "[hybrid] unknown field [size]");
        assertError(hybrid("{\"lexical\": {\"match_all\": {}}, \"fusion\": \"max\"}"), "[hybrid] unknown fusion [max], expected one of [rrf, linear]");
        assertError(
            hybrid("{\"lexical\": {\"match_all\": {}}, \"fusion\": {\"method\": \"linear\", \"normalization\": \"softmax\"}}"),
            "[hybrid] unknown normalization [softmax], expected one of [min_max, l2, z_score]"
        );
        assertError(
            hybrid("{\"lexical\": {\"match_all\": {}}, \"fusion\": {\"method\": \"linear\", \"weights\": [0.2, 0.3, 0.5]}}"),
            "[hybrid] weights must give one number per source ([lexical, dense]), got [0.2, 0.3, 0.5]"
        );
        assertError(
            hybrid("{\"lexical\": {\"match_all\": {}}, \"fusion\": {\"method\": \"linear\"}, \"rank_constant\": 5}"),
            "[hybrid] rank_constant applies only to fusion [rrf], got fusion [linear]"
        );
        assertError(hybrid("{\"lexical\": {\"match_all\": {}}, \"window\": 0}"), "[hybrid] window must be in [1, 10000], got [0]");
        assertError(hybrid("{\"lexical\": {\"match_all\": {}}, \"fusion\": {\"weights\": [1, 1]}}"), "[hybrid] fusion object requires a [method]");
        assertError(hybrid("{\"lexical\": {\"no_such_query\": {}}}"), "unknown query [no_such_query]");
    }

    public void testRerankErrors() {
        assertError(rerank("{\"full_precision\": {}}"), "[rerank] must be a list of stages");
        assertError(rerank("[{\"bm42\": {}}]"), "[rerank] unknown stage [bm42], expected one of [full_precision, diversity, model]");
        assertError(rerank("[{\"full_precision\": {}, \"diversity\": {}}]"), "[rerank] entry [0] must hold exactly one stage");
        assertError(rerank("[{\"diversity\": {\"lambda\": -1}}]"), "[diversity] lambda must be a finite number >= 0, got [-1.0]");
        assertError(rerank("[{\"diversity\": {\"frequency_weight\": 1}}]"), "[diversity] frequency_weight needs a frequency_field");
        assertError(rerank("[{\"diversity\": {\"window\": 0}}]"), "[diversity] window must be in [1, 10000], got [0]");
        assertError(rerank("[{\"full_precision\": {\"k\": 3}}]"), "[full_precision] unknown field [k]");
        assertError(rerank("[{\"model\": {\"text_field\": \"text\"}}]"), "[model] requires a [name]");
        assertError(rerank("[{\"model\": {\"name\": \"minilm\"}}]"), "[model] requires a [text_field]");
        assertError(rerank("[\"full_precision\"]"), "[rerank] entry [0] must be an object with one stage");
    }

    public void testErrorsPointAtTheBadValue() {
        ParsingException e = expectThrows(
            ParsingException.class,
            () -> parse("{\"spi_pyramid\": {\"embedding\": {\"vector\": [1, 2]},\n \"rerank\": [{\"diversity\": {\"lambda\": -1}}]}}")
        );
        assertEquals(2, e.getLineNumber());
    }
}
