package dev.pyramid.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Locates the model directories the build assembles for tests (system property {@value #PROPERTY}, by default
 * {@code target/test-models}): {@value #EMBEDDING} (the int8 all-MiniLM-L6-v2 from Maven Central as an embedding
 * model), {@value #LATE_INTERACTION} (the same model as a late-interaction scorer) and {@value #CROSS_ENCODER}
 * ({@link TinyOnnxModels#passageLengthCrossEncoder()} with MiniLM's tokenizer). Missing models fail the test.
 */
public final class TestModels {

    public static final String PROPERTY = "pyramid.test.models";
    public static final String EMBEDDING = "minilm";
    public static final String LATE_INTERACTION = "minilm-tokens";
    public static final String CROSS_ENCODER = "tiny-cross-encoder";

    private TestModels() {}

    /** The directory holding one directory per test model. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured == null || configured.isBlank() ? Path.of("target", "test-models") : Path.of(configured);
        if (Files.isDirectory(dir.resolve(EMBEDDING)) == false) {
            throw new IllegalStateException(
                String.format(
                    Locale.ROOT,
                    "test models not found in [%s] (system property [%s]); the build's generate-test-resources phase puts them there",
                    dir.toAbsolutePath(),
                    PROPERTY
                )
            );
        }
        return dir.toAbsolutePath().normalize();
    }
}
