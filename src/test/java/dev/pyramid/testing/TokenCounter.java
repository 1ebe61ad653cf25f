package dev.pyramid.testing;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Counts a text's tokens with a tokenizer file, without special tokens, padding or truncation: the reference for the
 * scores of {@link TinyOnnxModels#passageLengthCrossEncoder()}. Create it after a {@code ModelRegistry}, whose
 * constructor points DJL's native cache at a writable directory.
 */
public final class TokenCounter implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    public TokenCounter(Path tokenizerJson) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
    }

    public int tokens(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
