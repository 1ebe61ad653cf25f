package dev.pyramid.model;

import dev.pyramid.testing.ModelTestCase;
import dev.pyramid.testing.TestModels;
import dev.pyramid.testing.TokenCounter;
import dev.pyramid.testing.TinyOnnxModels;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The cross-encoder path (pair tokenization, segment ids, attention mask, batching, output shapes) through the tiny
 * ONNX model of {@link TinyOnnxModels#passageLengthCrossEncoder()}, whose score is the number of tokens of the
 * second segment: a passage's tokens plus its closing {@code [SEP]}, after truncation to {@code max_length} 64.
 */
public class CrossEncoderTests extends ModelTestCase {

    private static final int MAX_LENGTH = 64;

    public void testScoreIsTheLengthOfThePassageSegment() throws Exception {
        CrossEncoder encoder = testModels().crossEncoder(TestModels.CROSS_ENCODER);
        String query = "does vitamin d prevent fractures";
        List<String> passages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // different lengths, so the batches of 4 pad, and only the mask keeps padding out of the sum
            passages.add(String.join(" ", Collections.nCopies(i + 1, "bone density")));
        }
        float[] scores = encoder.score(query, passages);
        assertEquals(passages.size(), scores.length);
        try (TokenCounter counter = new TokenCounter()) {
            for (int i = 0; i < passages.size(); i++) {
                assertEquals(passages.get(i), counter.tokens(passages.get(i)) + 1, scores[i], 0f);
            }
        }
    }

    public void testLongPairsAreTruncatedToMaxLength() throws Exception {
        CrossEncoder encoder = testModels().crossEncoder(TestModels.CROSS_ENCODER);
        String query = "short query";
        String passage = "word ".repeat(500);
        // longest-first truncation trims the passage until [CLS] query [SEP] passage [SEP] fits in 64 tokens
        try (TokenCounter counter = new TokenCounter()) {
            assertEquals(MAX_LENGTH - 3 - counter.tokens(query) + 1, encoder.score(query, List.of(passage))[0], 0f);
        }
    }

    public void testEmptyPassageList() {
        assertEquals(0, testModels().crossEncoder(TestModels.CROSS_ENCODER).score("q", List.of()).length);
    }

    public void testScoresWithoutKeepDimsAreAccepted() throws Exception {
        Path dir = createTempDir().resolve("flat");
        Files.createDirectories(dir);
        Path source = TestModels.dir().resolve(TestModels.CROSS_ENCODER);
        Files.copy(source.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(source.resolve("model.json"), dir.resolve("model.json"));
        Files.write(dir.resolve("model.onnx"), TinyOnnxModels.passageLengthModel("logits", false));
        try (ModelRegistry flat = new ModelRegistry(dir.getParent(), createTempDir()); TokenCounter counter = new TokenCounter()) {
            assertEquals(counter.tokens("two words") + 1, flat.crossEncoder("flat").score("q", List.of("two words"))[0], 0f);
        }
    }
}
