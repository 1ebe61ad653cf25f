package dev.pyramid.query;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.Strings;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;

/** {@code query_text} in {@code spi_pyramid}: parsing, printing, the wire, and what happens before it is embedded. */
public class SpiPyramidQueryTextTests extends OpenSearchTestCase {

    private SpiPyramidQueryBuilder parse(String fieldJson) throws IOException {
        return parseQuery("{\"spi_pyramid\": {\"embedding\": " + fieldJson + "}}");
    }

    /** Parses {@code {"spi_pyramid": {...}}} as the search module does: the query's parser starts at its object. */
    private SpiPyramidQueryBuilder parseQuery(String json) throws IOException {
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            assertEquals(XContentParser.Token.START_OBJECT, parser.nextToken());
            assertEquals(XContentParser.Token.FIELD_NAME, parser.nextToken());
            assertEquals(SpiPyramidQueryBuilder.NAME, parser.currentName());
            assertEquals(XContentParser.Token.START_OBJECT, parser.nextToken());
            return SpiPyramidQueryBuilder.fromXContent(parser);
        }
    }

    public void testParsesQueryText() throws IOException {
        SpiPyramidQueryBuilder query = parse("{\"query_text\": \"does vitamin d prevent fractures\", \"k\": 7, \"depth\": 2}");
        assertEquals("embedding", query.fieldName());
        assertEquals("does vitamin d prevent fractures", query.queryText());
        assertNull(query.vector());
        assertEquals(7, query.k());
        assertEquals(2, query.depth());
    }

    public void testPrintsQueryTextNotVector() throws IOException {
        SpiPyramidQueryBuilder query = SpiPyramidQueryBuilder.forText("embedding", "a claim", 3);
        String json = Strings.toString(MediaTypeRegistry.JSON, query);
        assertThat(json, containsString("\"query_text\":\"a claim\""));
        assertFalse(json, json.contains("\"vector\""));
        assertEquals(query, parseQuery(json));
    }

    public void testWireRoundTrip() throws IOException {
        NamedWriteableRegistry registry = new NamedWriteableRegistry(List.of());
        SpiPyramidQueryBuilder text = SpiPyramidQueryBuilder.forText("embedding", "a claim", 3).depth(1);
        SpiPyramidQueryBuilder copy = copyWriteable(text, registry, SpiPyramidQueryBuilder::new);
        assertEquals(text, copy);
        assertEquals("a claim", copy.queryText());
        SpiPyramidQueryBuilder vector = new SpiPyramidQueryBuilder("embedding", new float[] { 1, 2 }, 3);
        assertEquals(vector, copyWriteable(vector, registry, SpiPyramidQueryBuilder::new));
        assertNotEquals(text, vector);
    }

    public void testVectorBesideQueryTextIsSearchedAndTheTextKept() throws IOException {
        SpiPyramidQueryBuilder query = parse("{\"vector\": [1, 2], \"query_text\": \"the claim\"}");
        assertArrayEquals(new float[] { 1, 2 }, query.vector(), 0f);
        assertEquals("the claim", query.queryText());
        assertEquals(query, parseQuery(Strings.toString(MediaTypeRegistry.JSON, query)));
        assertEquals(query, copyWriteable(query, new NamedWriteableRegistry(List.of()), SpiPyramidQueryBuilder::new));
    }

    public void testVectorOrQueryTextRequired() {
        ParsingException neither = expectThrows(ParsingException.class, () -> parse("{\"k\": 3}"));
        assertThat(neither.getMessage(), containsString("[spi_pyramid] field [embedding] requires a [vector] or a [query_text]"));
        ParsingException blank = expectThrows(ParsingException.class, () -> parse("{\"query_text\": \"  \"}"));
        assertThat(blank.getMessage(), containsString("[spi_pyramid] requires a non-empty [query_text] for field [embedding]"));
        expectThrows(ParsingException.class, () -> parse("{\"query_text\": [\"not\", \"a string\"]}"));
    }

    public void testQueryBuiltInJavaWithoutEmbedderSaysWhatIsMissing() {
        SpiPyramidQueryBuilder query = SpiPyramidQueryBuilder.forText("embedding", "a claim", 3);
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> query.rewrite(null));
        assertThat(e.getMessage(), containsString("pass the node's QueryTextEmbedder to textEmbedder()"));
    }

    public void testFieldMappingFollowsObjectPaths() {
        Map<String, Object> source = Map.of(
            "properties",
            Map.of(
                "doc",
                Map.of("properties", Map.of("embedding", Map.of("type", "pyramid_vector", "model", "minilm"))),
                "flat",
                Map.of("type", "pyramid_vector")
            )
        );
        assertEquals("minilm", MappedModelResolver.fieldMapping(source, "doc.embedding").get("model"));
        assertEquals("pyramid_vector", MappedModelResolver.fieldMapping(source, "flat").get("type"));
        assertNull(MappedModelResolver.fieldMapping(source, "doc.missing"));
        assertNull(MappedModelResolver.fieldMapping(source, "flat.deeper"));
    }
}
