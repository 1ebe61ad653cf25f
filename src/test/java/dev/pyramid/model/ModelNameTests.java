package dev.pyramid.model;

import org.opensearch.test.OpenSearchTestCase;

import java.nio.file.Path;

import static org.hamcrest.Matchers.containsString;

public class ModelNameTests extends OpenSearchTestCase {

    public void testAcceptsIdentifiers() {
        for (String name : new String[] { "minilm", "MiniLM-L6-v2", "bge_small_en_v15", "m", "0", "a".repeat(ModelName.MAX_LENGTH) }) {
            assertEquals(name, ModelName.check(name));
        }
    }

    public void testRejectsPathsAndOddNames() {
        String[] bad = {
            null, "", " ", "..", ".", "../minilm", "minilm/..", "a/b", "/etc/passwd", "a\\b", "..\\a", "C:minilm", "C:\\m",
            "~root", "mini lm", "minilm.v2", ".hidden", "-flag", "_x", "min\u0000lm", "minilm\n", "mïnilm", "$HOME",
            "a".repeat(ModelName.MAX_LENGTH + 1) };
        for (String name : bad) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ModelName.check(name));
            assertThat(e.getMessage(), containsString("model name [" + name + "] is invalid"));
            assertThat(e.getMessage(), containsString("never a path"));
        }
    }

    public void testFilesStayDirectlyUnderTheModelsDirectory() {
        Path root = createTempDir();
        ModelFiles files = ModelFiles.locate(root, "minilm");
        assertEquals(root.toAbsolutePath().normalize(), files.directory().getParent());
        assertEquals(files.directory().resolve("model.onnx"), files.onnx());
        assertEquals(files.directory().resolve("tokenizer.json"), files.tokenizer());
        assertEquals(files.directory().resolve("model.json"), files.descriptor());
        expectThrows(IllegalArgumentException.class, () -> ModelFiles.locate(root, "../minilm"));
    }
}
