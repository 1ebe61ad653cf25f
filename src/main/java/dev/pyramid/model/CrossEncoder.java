package dev.pyramid.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@code cross_encoder} model: reads each (query, passage) pair as one sequence and returns one relevance score per
 * pair, from an output of shape {@code [batch]} or {@code [batch, 1]} (a regression head, as sentence-transformers'
 * cross-encoders have). Higher is more relevant. Thread-safe.
 */
public final class CrossEncoder {

    private final OnnxTextModel model;

    CrossEncoder(OnnxTextModel model) {
        this.model = model;
    }

    public String modelName() {
        return model.name();
    }

    /** Scores {@code query} against each passage, returned in their order, in runs of at most {@code batch_size} pairs. */
    public float[] score(String query, List<String> passages) {
        ModelDescriptor descriptor = model.descriptor();
        float[] scores = new float[passages.size()];
        for (int[] batch : LengthSortedBatches.of(passages, descriptor.batchSize())) {
            OnnxTextModel.Output output = model.run(model.encodePairs(query, LengthSortedBatches.select(passages, batch)));
            long[] shape = output.shape();
            if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
                throw new BrokenModelException(
                    model.name(),
                    String.format(
                        Locale.ROOT,
                        "output [%s] has shape %s, but a cross-encoder gives one score per pair: [batch] or [batch, 1]",
                        descriptor.output(),
                        Arrays.toString(shape)
                    )
                );
            }
            for (int i = 0; i < batch.length; i++) {
                scores[batch[i]] = output.values()[i];
            }
        }
        return scores;
    }
}
