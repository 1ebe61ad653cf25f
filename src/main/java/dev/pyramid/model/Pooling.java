package dev.pyramid.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an embedding model turns its token states into one vector per text. */
public enum Pooling {
    /** The average of the token states under the attention mask (sentence-transformers' default, e.g. MiniLM). */
    MEAN("mean") {
        @Override
        void pool(float[] states, int offset, int tokens, int dimension, long[] attentionMask, float[] into) {
            int counted = 0;
            for (int t = 0; t < tokens; t++) {
                if (attentionMask[t] == 0) {
                    continue;
                }
                counted++;
                int row = offset + t * dimension;
                for (int d = 0; d < dimension; d++) {
                    into[d] += states[row + d];
                }
            }
            // sentence-transformers clamps the token count at 1e-9, so an all-masked text pools to zeros
            float scale = 1.0f / Math.max(counted, 1);
            for (int d = 0; d < dimension; d++) {
                into[d] *= scale;
            }
        }
    },
    /** The state of the first token ({@code [CLS]}), as BGE models are pooled. */
    CLS("cls") {
        @Override
        void pool(float[] states, int offset, int tokens, int dimension, long[] attentionMask, float[] into) {
            System.arraycopy(states, offset, into, 0, dimension);
        }
    };

    private final String jsonName;

    Pooling(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * Pools the token states of one text, row-major {@code [tokens, dimension]} starting at {@code offset} of
     * {@code states}, into {@code into} (zeroed, of length {@code dimension}).
     */
    abstract void pool(float[] states, int offset, int tokens, int dimension, long[] attentionMask, float[] into);

    public static Pooling fromJsonName(String name) {
        for (Pooling pooling : values()) {
            if (pooling.jsonName.equals(name)) {
                return pooling;
            }
        }
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[pooling] must be one of [%s], got [%s]",
                Arrays.stream(values()).map(Pooling::jsonName).collect(Collectors.joining(", ")),
                name
            )
        );
    }
}
