package dev.pyramid.testing;

import org.opensearch.test.OpenSearchTestCase;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed tiny cross-encoder is exactly what {@link TinyOnnxModels} writes, so the two cannot drift apart. */
public class TinyOnnxModelsTests extends OpenSearchTestCase {

    public void testCommittedCrossEncoderIsTheGeneratedOne() throws Exception {
        Path committed = Path.of("src", "test", "models", TestModels.CROSS_ENCODER, "model.onnx");
        assertArrayEquals(
            "regenerate with: java -cp target/test-classes dev.pyramid.testing.TinyOnnxModels " + committed,
            TinyOnnxModels.passageLengthCrossEncoder(),
            Files.readAllBytes(committed)
        );
    }
}
