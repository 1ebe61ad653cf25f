package dev.pyramid.model;

import org.opensearch.test.OpenSearchTestCase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.hamcrest.Matchers.containsString;

public class ModelDescriptorTests extends OpenSearchTestCase {

    private static ModelDescriptor parse(String json) throws IOException {
        return ModelDescriptor.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRejected(String json, String reason) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parse(json));
        assertThat(e.getMessage(), containsString(reason));
    }

    public void testEmbeddingWithDefaults() throws IOException {
        ModelDescriptor d = parse("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 384}");
        assertEquals(ModelKind.EMBEDDING, d.kind());
        assertEquals(256, d.maxLength());
        assertEquals(384, d.dimension());
        assertEquals(Pooling.MEAN, d.pooling());
        assertTrue(d.normalize());
        assertEquals("last_hidden_state", d.output());
        assertEquals(ModelDescriptor.DEFAULT_BATCH_SIZE, d.batchSize());
    }

    public void testEveryKey() throws IOException {
        ModelDescriptor d = parse(
            "{\"kind\": \"embedding\", \"pooling\": \"cls\", \"normalize\": false, \"max_length\": 512, "
                + "\"output\": \"token_embeddings\", \"dimension\": 768, \"batch_size\": 8}"
        );
        assertEquals(new ModelDescriptor(ModelKind.EMBEDDING, 512, "token_embeddings", 768, Pooling.CLS, false, 8), d);
    }

    public void testCrossEncoder() throws IOException {
        ModelDescriptor d = parse("{\"kind\": \"cross_encoder\", \"max_length\": 512}");
        assertEquals(ModelKind.CROSS_ENCODER, d.kind());
        assertEquals("logits", d.output());
        assertNull(d.pooling());
    }

    public void testLateInteraction() throws IOException {
        ModelDescriptor d = parse("{\"kind\": \"late_interaction\", \"max_length\": 180, \"dimension\": 384, \"normalize\": true}");
        assertEquals(ModelKind.LATE_INTERACTION, d.kind());
        assertEquals("last_hidden_state", d.output());
        assertNull(d.pooling());
    }

    public void testRejectsBadDescriptors() {
        assertRejected("{\"max_length\": 256, \"dimension\": 384}", "[kind] is required");
        assertRejected("{\"kind\": \"reranker\", \"max_length\": 256}", "[kind] must be one of [embedding, cross_encoder, late_interaction], got [reranker]");
        assertRejected("{\"kind\": \"embedding\", \"dimension\": 384}", "[max_length] is required");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256}", "[dimension] is required");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 0, \"dimension\": 384}", "[max_length] must be in [1, 8192], got [0]");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 5000}", "[dimension] must be in [1, 4096], got [5000]");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 3, \"batch_size\": 0}", "[batch_size] must be in [1, 256]");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 3, \"pooling\": \"max\"}", "[pooling] must be one of [mean, cls], got [max]");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 3, \"output\": \" \"}", "[output] must not be empty");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": 256, \"dimension\": 3, \"pooling_mode\": \"mean\"}", "unknown field [pooling_mode]");
        assertRejected("{\"kind\": \"cross_encoder\", \"max_length\": 256, \"dimension\": 1}", "[dimension] does not apply to a [cross_encoder] model");
        assertRejected("{\"kind\": \"cross_encoder\", \"max_length\": 256, \"normalize\": true}", "[normalize] does not apply to a [cross_encoder] model");
        assertRejected("{\"kind\": \"late_interaction\", \"max_length\": 256, \"dimension\": 3, \"pooling\": \"mean\"}", "[pooling] does not apply to a [late_interaction] model");
        assertRejected("{\"kind\": \"embedding\", \"max_length\": \"long\", \"dimension\": 3}", "max_length");
    }

    public void testRejectsMalformedJson() {
        expectThrows(Exception.class, () -> parse("{\"kind\": \"embedding\", "));
        expectThrows(Exception.class, () -> parse("not json"));
    }
}
