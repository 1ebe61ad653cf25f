package dev.pyramid.model;

import org.apache.lucene.util.VectorUtil;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@code late_interaction} model: embeds every token of the query and of each passage (the token states of the
 * output {@code [batch, tokens, dim]} under the attention mask, L2-normalised when the descriptor says
 * {@code normalize}) and scores a passage with MaxSim, as ColBERT does (Khattab and Zaharia, "ColBERT: Efficient and
 * Effective Passage Search via Contextualized Late Interaction over BERT", SIGIR 2020):
 *
 * <pre>
 *   score(q, d) = sum over query tokens i of  max over passage tokens j of  q_i · d_j
 * </pre>
 *
 * With normalised tokens each term is a cosine in [-1, 1], so a text scored against itself gets its token count.
 * Thread-safe.
 */
public final class LateInteractionScorer {

    private final OnnxTextModel model;

    LateInteractionScorer(OnnxTextModel model) {
        this.model = model;
    }

    public String modelName() {
        return model.name();
    }

    /** Scores {@code query} against each passage, in order; passages are embedded in runs of at most {@code batch_size}. */
    public float[] score(String query, List<String> passages) {
        float[][] queryTokens = embedTokens(List.of(query))[0];
        float[][][] passageTokens = embedTokens(passages);
        float[] scores = new float[passages.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = maxSim(queryTokens, passageTokens[i]);
        }
        return scores;
    }

    /** The token vectors of each text, in their order: {@code [text][token][dim]}, padding left out. */
    public float[][][] embedTokens(List<String> texts) {
        ModelDescriptor descriptor = model.descriptor();
        int dimension = descriptor.dimension();
        float[][][] embedded = new float[texts.size()][][];
        for (int[] batch : LengthSortedBatches.of(texts, descriptor.batchSize())) {
            OnnxTextModel.Output output = model.run(model.encode(LengthSortedBatches.select(texts, batch)));
            long[] shape = output.shape();
            if (shape.length != 3 || shape[2] != dimension) {
                throw new BrokenModelException(
                    model.name(),
                    String.format(
                        Locale.ROOT,
                        "output [%s] has shape %s, but a late-interaction model of [dimension: %d] gives [batch, tokens, %d]",
                        descriptor.output(),
                        Arrays.toString(shape),
                        dimension,
                        dimension
                    )
                );
            }
            int tokens = (int) shape[1];
            for (int i = 0; i < batch.length; i++) {
                long[] mask = output.encodings()[i].getAttentionMask();
                float[][] rows = new float[(int) Arrays.stream(mask).filter(m -> m != 0).count()][];
                int row = 0;
                for (int t = 0; t < tokens; t++) {
                    if (mask[t] == 0) {
                        continue;
                    }
                    int offset = (i * tokens + t) * dimension;
                    float[] token = Arrays.copyOfRange(output.values(), offset, offset + dimension);
                    rows[row++] = descriptor.normalize() ? VectorUtil.l2normalize(token, false) : token;
                }
                embedded[batch[i]] = rows;
            }
        }
        return embedded;
    }

    /** MaxSim of query tokens against passage tokens (see the class documentation); 0 for an empty side. */
    public static float maxSim(float[][] queryTokens, float[][] passageTokens) {
        if (passageTokens.length == 0) {
            return 0f;
        }
        float sum = 0f;
        for (float[] q : queryTokens) {
            float best = Float.NEGATIVE_INFINITY;
            for (float[] d : passageTokens) {
                best = Math.max(best, VectorUtil.dotProduct(q, d));
            }
            sum += best;
        }
        return sum;
    }
}
