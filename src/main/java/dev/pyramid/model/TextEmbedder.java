package dev.pyramid.model;

import org.apache.lucene.util.VectorUtil;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An {@code embedding} model: one vector per text. The output is either token states {@code [batch, tokens, dim]},
 * pooled as the descriptor says over the attention mask, or an already pooled {@code [batch, dim]}, used as it is.
 * Vectors are L2-normalised when the descriptor says {@code normalize}. Thread-safe.
 */
public final class TextEmbedder {

    private final OnnxTextModel model;

    TextEmbedder(OnnxTextModel model) {
        this.model = model;
    }

    public String modelName() {
        return model.name();
    }

    /** The length of every vector this model returns. */
    public int dimension() {
        return model.descriptor().dimension();
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /** Embeds {@code texts}, returned in their order, in runs of at most {@code batch_size} texts of similar length. */
    public float[][] embed(List<String> texts) {
        ModelDescriptor descriptor = model.descriptor();
        int dimension = descriptor.dimension();
        float[][] vectors = new float[texts.size()][];
        for (int[] batch : LengthSortedBatches.of(texts, descriptor.batchSize())) {
            OnnxTextModel.Output output = model.run(model.encode(LengthSortedBatches.select(texts, batch)));
            long[] shape = output.shape();
            boolean pooled = shape.length == 2 && shape[1] == dimension;
            if (pooled == false && (shape.length != 3 || shape[2] != dimension)) {
                throw new BrokenModelException(
                    model.name(),
                    String.format(
                        Locale.ROOT,
                        "output [%s] has shape %s, but an embedding model of [dimension: %d] gives [batch, tokens, %d] or [batch, %d]",
                        descriptor.output(),
                        Arrays.toString(shape),
                        dimension,
                        dimension,
                        dimension
                    )
                );
            }
            for (int i = 0; i < batch.length; i++) {
                float[] vector = new float[dimension];
                if (pooled) {
                    System.arraycopy(output.values(), i * dimension, vector, 0, dimension);
                } else {
                    int tokens = (int) shape[1];
                    long[] mask = output.encodings()[i].getAttentionMask();
                    descriptor.pooling().pool(output.values(), i * tokens * dimension, tokens, dimension, mask, vector);
                }
                vectors[batch[i]] = descriptor.normalize() ? VectorUtil.l2normalize(vector, false) : vector;
            }
        }
        return vectors;
    }
}
