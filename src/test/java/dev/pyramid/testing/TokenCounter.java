package dev.pyramid.testing;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.util.Map;

/**
 * Counts a text's tokens with the tiny test cross-encoder's tokenizer (MiniLM's), without special tokens, padding or
 * truncation: the reference for the scores of {@link TinyOnnxModels#passageLengthCrossEncoder()}. Open it after a
 * {@code ModelRegistry} exists (its constructor points DJL's native cache at a writable directory), in a
 * try-with-resources block.
 */
public final class TokenCounter implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    public TokenCounter() throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(
            TestModels.dir().resolve(TestModels.CROSS_ENCODER).resolve("tokenizer.json"),
            Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false")
        );
    }

    public int tokens(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
