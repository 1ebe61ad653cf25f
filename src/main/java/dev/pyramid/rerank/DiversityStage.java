package dev.pyramid.rerank;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Energy rerank for diversity (maximal marginal relevance, Carbonell and Goldstein, SIGIR 1998, in the energy form of
 * RETGEN-style retrieval): candidates are selected greedily, each time the one of lowest energy, i.e. highest
 *
 * <pre>
 *   E(d | S) = rel(d) + β · prior(d) − λ · max_{s ∈ S} cos(d, s)
 * </pre>
 *
 * where {@code S} is the set selected so far, {@code rel} the incoming score min-max normalized over the window into
 * [0, 1], {@code cos} the cosine of the stored full-precision vectors (whatever the field's similarity: redundancy is a
 * matter of direction), and {@code prior(d) = log(1 + f(d)) / max_d' log(1 + f(d'))} the log-frequency prior of the
 * numeric {@code frequency_field} (0 when absent; β is {@code frequency_weight}). A near-duplicate of a selected
 * document loses about λ and falls behind distinct documents of similar relevance.
 *
 * <p>The score of the t-th selected candidate is its {@code E} when selected. Because {@code max cos} can only grow
 * as {@code S} grows, these scores never increase along the selection, so sorting by them keeps the selection order.
 */
public final class DiversityStage implements RerankStage {

    private final DiversitySpec spec;

    public DiversityStage(DiversitySpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return DiversitySpec.NAME;
    }

    @Override
    public int window() {
        return spec.window();
    }

    @Override
    public Set<String> fields(RerankContext context) {
        Set<String> fields = new HashSet<>();
        fields.add(context.vectorField());
        if (spec.frequencyField() != null) {
            fields.add(spec.frequencyField());
        }
        return fields;
    }

    @Override
    public List<Candidate> rerank(RerankContext context, List<Candidate> candidates) {
        int n = candidates.size();
        float[] relevance = relevance(candidates);
        float[] prior = prior(context, candidates);
        float[][] unit = new float[n][];
        for (int i = 0; i < n; i++) {
            unit[i] = unitVector(context.vector(candidates.get(i), context.vectorField()));
        }
        float[] maxSimilarity = new float[n];
        int[] mostSimilar = new int[n];
        java.util.Arrays.fill(mostSimilar, -1);
        boolean[] selected = new boolean[n];
        List<Candidate> output = new ArrayList<>(n);
        for (int step = 0; step < n; step++) {
            int best = -1;
            float bestEnergy = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (selected[i] == false) {
                    float energy = energy(relevance[i], prior[i], maxSimilarity[i]);
                    if (energy > bestEnergy) {
                        best = i;
                        bestEnergy = energy;
                    }
                }
            }
            selected[best] = true;
            output.add(candidates.get(best).rescore(bestEnergy, explain(bestEnergy, relevance[best], prior[best], maxSimilarity[best], mostSimilar[best], candidates)));
            for (int i = 0; i < n; i++) {
                if (selected[i] == false && unit[i] != null && unit[best] != null) {
                    float similarity = dot(unit[i], unit[best]);
                    if (similarity > maxSimilarity[i]) {
                        maxSimilarity[i] = similarity;
                        mostSimilar[i] = best;
                    }
                }
            }
        }
        return output;
    }

    private float energy(float relevance, float prior, float maxSimilarity) {
        return relevance + spec.frequencyWeight() * prior - spec.lambda() * maxSimilarity;
    }

    private Explanation explain(float energy, float relevance, float prior, float maxSimilarity, int mostSimilar, List<Candidate> candidates) {
        List<Explanation> details = new ArrayList<>();
        details.add(Explanation.match(relevance, "relevance: incoming score, min-max normalized over the window"));
        if (spec.frequencyField() != null) {
            details.add(
                Explanation.match(spec.frequencyWeight() * prior, String.format(Locale.ROOT, "prior: %s × log-frequency of [%s], normalized", spec.frequencyWeight(), spec.frequencyField()))
            );
        }
        details.add(
            Explanation.match(
                -spec.lambda() * maxSimilarity,
                mostSimilar < 0
                    ? "redundancy: none (no similar document selected before)"
                    : String.format(Locale.ROOT, "redundancy: -%s × cosine %s to %s, selected before", spec.lambda(), maxSimilarity, candidates.get(mostSimilar).key())
            )
        );
        return Explanation.match(energy, "diversity: relevance + prior - lambda × max similarity to the documents ranked above", details);
    }

    private static float[] relevance(List<Candidate> candidates) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            min = Math.min(min, c.score());
            max = Math.max(max, c.score());
        }
        float[] relevance = new float[candidates.size()];
        for (int i = 0; i < relevance.length; i++) {
            relevance[i] = max == min ? 1f : (float) ((candidates.get(i).score() - (double) min) / ((double) max - min));
        }
        return relevance;
    }

    private float[] prior(RerankContext context, List<Candidate> candidates) {
        float[] prior = new float[candidates.size()];
        if (spec.frequencyField() == null) {
            return prior;
        }
        double max = 0;
        for (int i = 0; i < prior.length; i++) {
            Object value = context.field(candidates.get(i), spec.frequencyField());
            if (value == null) {
                continue;
            }
            if ((value instanceof Number) == false || Double.isFinite(((Number) value).doubleValue()) == false) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[%s] frequency_field [%s] of document %s must be a number, got [%s]",
                        DiversitySpec.NAME,
                        spec.frequencyField(),
                        candidates.get(i).key(),
                        value
                    )
                );
            }
            prior[i] = (float) Math.log1p(Math.max(0, ((Number) value).doubleValue()));
            max = Math.max(max, prior[i]);
        }
        for (int i = 0; i < prior.length; i++) {
            prior[i] = max == 0 ? 0f : (float) (prior[i] / max);
        }
        return prior;
    }

    /** The vector scaled to unit length, or null when absent or all zero (such a document is redundant with nothing). */
    private static float[] unitVector(float[] vector) {
        if (vector == null) {
            return null;
        }
        double squared = 0;
        for (float v : vector) {
            squared += (double) v * v;
        }
        if (squared == 0) {
            return null;
        }
        float inverse = (float) (1 / Math.sqrt(squared));
        float[] unit = new float[vector.length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }

    private static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("[" + DiversitySpec.NAME + "] stored vectors differ in dimension: " + a.length + " and " + b.length);
        }
        return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
    }
}
