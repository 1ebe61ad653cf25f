package dev.pyramid.ingest;

import org.opensearch.OpenSearchParseException;
import org.opensearch.test.OpenSearchTestCase;

import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;

/** The processor's configuration is checked when the pipeline is created; the model itself when documents come. */
public class PyramidEmbedProcessorFactoryTests extends OpenSearchTestCase {

    private static PyramidEmbedProcessor create(Map<String, Object> config) throws Exception {
        PyramidEmbedProcessor.Factory factory = new PyramidEmbedProcessor.Factory(() -> {
            throw new AssertionError("creating a processor must not touch the models");
        });
        return (PyramidEmbedProcessor) factory.create(Map.of(), "tag", null, new HashMap<>(config));
    }

    public void testValidConfig() throws Exception {
        PyramidEmbedProcessor processor = create(Map.of("field", "text", "target_field", "embedding", "model", "minilm"));
        assertEquals("pyramid_embed", processor.getType());
        assertEquals("tag", processor.getTag());
    }

    public void testRequiredKeys() {
        OpenSearchParseException e = expectThrows(OpenSearchParseException.class, () -> create(Map.of("target_field", "e", "model", "m")));
        assertThat(e.getMessage(), containsString("[field] required property is missing"));
        e = expectThrows(OpenSearchParseException.class, () -> create(Map.of("field", "t", "model", "m")));
        assertThat(e.getMessage(), containsString("[target_field] required property is missing"));
        e = expectThrows(OpenSearchParseException.class, () -> create(Map.of("field", "t", "target_field", "e")));
        assertThat(e.getMessage(), containsString("[model] required property is missing"));
    }

    public void testModelNameIsNotAPath() {
        for (String bad : new String[] { "../minilm", "/models/minilm", "a\\b", "" }) {
            OpenSearchParseException e = expectThrows(
                OpenSearchParseException.class,
                () -> create(Map.of("field", "text", "target_field", "embedding", "model", bad))
            );
            assertThat(e.getMessage(), containsString("[model] model name [" + bad + "] is invalid"));
        }
    }

    public void testTargetMustDifferFromSource() {
        OpenSearchParseException e = expectThrows(
            OpenSearchParseException.class,
            () -> create(Map.of("field", "text", "target_field", "text", "model", "minilm"))
        );
        assertThat(e.getMessage(), containsString("[target_field] must differ from [field] [text]"));
    }
}
