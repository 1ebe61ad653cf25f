package dev.pyramid.codec.source;

import org.apache.lucene.util.BytesRef;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

public class SourceVectorsJsonTests extends OpenSearchTestCase {

    private static final StrippableFields EMBEDDING_4 = key -> key.equals("embedding") ? 4 : StrippableFields.NOT_STRIPPABLE;

    public void testStripReplacesTheVectorAndKeepsEveryOtherByte() throws IOException {
        String source = "{\"title\" : \"a [] b\", \"embedding\" : [0.5, -1.25,2 ,1e-3], \"n\":1.00, \"tags\":[1,2]}";
        // The source sits inside a larger array, as Lucene hands stored values over.
        byte[] padded = ("xyz" + source + "tail").getBytes(StandardCharsets.UTF_8);
        BytesRef stripped = SourceVectorsJson.strip(new BytesRef(padded, 3, source.length()), EMBEDDING_4);
        assertEquals("{\"title\" : \"a [] b\", \"embedding\" : [], \"n\":1.00, \"tags\":[1,2]}", stripped.utf8ToString());
    }

    public void testRestoreSplicesTheFloat32Values() throws IOException {
        byte[] stripped = "{\"title\" : \"a\",\n \"embedding\" : [ ], \"n\":1.00}".getBytes(StandardCharsets.UTF_8);
        float[] vector = { 0.5f, -1.25f, 2f, 0.001f };
        byte[] restored = SourceVectorsJson.restore(stripped, key -> key.equals("embedding") ? vector : null);
        assertEquals("{\"title\" : \"a\",\n \"embedding\" : [0.5,-1.25,2.0,0.001], \"n\":1.00}", new String(restored, StandardCharsets.UTF_8));
    }

    public void testRestoreLeavesAnEmptyArrayWithoutAVector() throws IOException {
        byte[] source = "{\"embedding\":[],\"other\":[]}".getBytes(StandardCharsets.UTF_8);
        assertSame(source, SourceVectorsJson.restore(source, key -> null));
        byte[] restored = SourceVectorsJson.restore(source, key -> key.equals("other") ? new float[] { 1f } : null);
        assertEquals("{\"embedding\":[],\"other\":[1.0]}", new String(restored, StandardCharsets.UTF_8));
    }

    public void testStripKeepsWhatIsNotTheIndexedVector() throws IOException {
        for (String source : List.of(
            "{\"embedding\":[1,2,3]}",                       // another dimension
            "{\"embedding\":[1,2,3,\"4\"]}",                 // not only numbers
            "{\"embedding\":[[1,2],[3,4]]}",                 // nested arrays
            "{\"embedding\":null}",
            "{\"meta\":{\"embedding\":[1,2,3,4]}}",          // not a top-level key
            "{\"other\":[1,2,3,4]}",                         // not a strippable field
            "[{\"embedding\":[1,2,3,4]}]",                   // not an object
            "{\"embedding\":[1,2,3,4]",                      // malformed
            "  "
        )) {
            assertNull(source, SourceVectorsJson.strip(new BytesRef(source), EMBEDDING_4));
        }
    }

    /** Past Jackson's default nesting limit (1000), as OpenSearch's own limits allow: still read. */
    public void testStripReadsDeeplyNestedSources() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        String source = "{\"deep\":" + deep + ",\"embedding\":[1,2,3,4]}";
        assertEquals("{\"deep\":" + deep + ",\"embedding\":[]}", SourceVectorsJson.strip(new BytesRef(source), EMBEDDING_4).utf8ToString());
    }

    /** Jackson reads UTF-16 by characters (no byte offsets): such a source is kept, and writing it never throws. */
    public void testStripKeepsUtf16Sources() throws IOException {
        byte[] utf16 = "{\"embedding\":[1,2,3,4]}".getBytes(StandardCharsets.UTF_16LE);
        assertNull(SourceVectorsJson.strip(new BytesRef(utf16), EMBEDDING_4));
        assertSame(utf16, SourceVectorsJson.restore(utf16, key -> new float[] { 1f }));
    }

    /** Offsets are bytes: multi-byte characters before the vector shift it. */
    public void testStripCountsBytesNotCharacters() {
        String source = "{\"title\":\"caf\u00e9 \u6771\u4eac \ud83d\ude00\",\"embedding\":[1,2,3,4],\"z\":1}";
        BytesRef stripped = SourceVectorsJson.strip(new BytesRef(source), EMBEDDING_4);
        assertEquals("{\"title\":\"caf\u00e9 \u6771\u4eac \ud83d\ude00\",\"embedding\":[],\"z\":1}", stripped.utf8ToString());
    }

    public void testStripLeavesOtherContentTypesAlone() throws IOException {
        XContentBuilder smile = XContentFactory.smileBuilder().startObject().array("embedding", 1f, 2f, 3f, 4f).endObject();
        BytesRef bytes = BytesReference.bytes(smile).toBytesRef();
        assertNull(SourceVectorsJson.strip(bytes, EMBEDDING_4));
    }

    /** Random documents: stripped then restored, the source parses to the same map, vectors compared as float32. */
    public void testRoundTripRandomSources() throws IOException {
        for (int iteration = 0; iteration < 50; iteration++) {
            int dimension = randomIntBetween(1, 40);
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                vector[i] = randomFloat() * 2 - 1;
            }
            XContentBuilder builder = XContentFactory.jsonBuilder().startObject();
            if (randomBoolean()) {
                builder.field("before", randomAlphaOfLength(5));
            }
            builder.array("embedding", vector);
            if (randomBoolean()) {
                builder.startObject("after").array("embedding", 1, 2).field("x", randomDouble()).endObject();
            }
            byte[] source = BytesReference.toBytes(BytesReference.bytes(builder.endObject()));
            StrippableFields fields = key -> key.equals("embedding") ? dimension : StrippableFields.NOT_STRIPPABLE;

            BytesRef stripped = SourceVectorsJson.strip(new BytesRef(source), fields);
            assertNotNull(stripped);
            assertTrue(stripped.length < source.length);
            byte[] restored = SourceVectorsJson.restore(BytesRef.deepCopyOf(stripped).bytes, key -> key.equals("embedding") ? vector : null);

            Map<String, Object> expected = XContentHelper.convertToMap(new BytesArray(source), true, XContentType.JSON).v2();
            Map<String, Object> actual = XContentHelper.convertToMap(new BytesArray(restored), true, XContentType.JSON).v2();
            assertEquals(expected.keySet(), actual.keySet());
            assertArrayEquals(vector, SourceValues.floats(actual.get("embedding")), 0f);
            expected.remove("embedding");
            actual.remove("embedding");
            assertEquals(expected, actual);
        }
    }

    public void testToJsonSpellsFloat32() {
        assertEquals("[0.1,-3.0E-5,1.0]", new String(SourceVectorsJson.toJson(new float[] { 0.1f, -3e-5f, 1f }), StandardCharsets.US_ASCII));
    }
}
