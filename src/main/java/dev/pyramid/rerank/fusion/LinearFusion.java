package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A weighted sum of normalized scores (convex combination when the weights sum to 1):
 *
 * <pre>
 *   score(d) = Σ_s w_s · n_s(d)
 * </pre>
 *
 * where {@code n_s} is the {@link ScoreNormalizer} applied to source {@code s}'s list. A document that {@code s} did not
 * retrieve gets the lowest normalized score of {@code s}'s list (it ranked, at best, below everything {@code s}
 * returned), or 0 when {@code s} returned nothing; with {@code min_max} that is 0.
 */
public final class LinearFusion implements ScoreFusion {

    public static final String NAME = "linear";

    private final ScoreNormalizer normalizer;
    private final float[] weights;

    /** @param weights one per source, in source order; finite and >= 0 */
    public LinearFusion(ScoreNormalizer normalizer, float[] weights) {
        for (float weight : weights) {
            if (Float.isFinite(weight) == false || weight < 0) {
                throw new IllegalArgumentException("[hybrid] weights must be finite numbers >= 0, got " + Arrays.toString(weights));
            }
        }
        this.normalizer = normalizer;
        this.weights = weights.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> fuse(List<Candidate> candidates, List<String> sources) {
        if (weights.length != sources.size()) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[hybrid] weights must give one number per source %s, got %s", sources, Arrays.toString(weights))
            );
        }
        List<SourceRanking> rankings = new ArrayList<>();
        List<float[]> normalized = new ArrayList<>();
        float[] floor = new float[sources.size()];
        for (int s = 0; s < sources.size(); s++) {
            SourceRanking ranking = new SourceRanking(candidates, sources.get(s));
            float[] n = normalizer.normalize(ranking.scores(sources.get(s)));
            rankings.add(ranking);
            normalized.add(n);
            floor[s] = n.length == 0 ? 0f : min(n);
        }
        List<Candidate> fused = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            double sum = 0;
            List<Explanation> details = new ArrayList<>();
            for (int s = 0; s < sources.size(); s++) {
                String source = sources.get(s);
                int position = rankings.get(s).position(candidate.key());
                float value = position < 0 ? floor[s] : normalized.get(s)[position];
                double term = (double) weights[s] * value;
                sum += term;
                String what = position < 0
                    ? String.format(Locale.ROOT, "%s: weight %s × %s (not retrieved: lowest normalized score of the list)", source, weights[s], value)
                    : String.format(
                        Locale.ROOT,
                        "%s: weight %s × %s (%s of score %s)",
                        source,
                        weights[s],
                        value,
                        normalizer.name(),
                        candidate.sourceScore(source)
                    );
                details.add(Explanation.match((float) term, what));
            }
            float score = (float) sum;
            fused.add(
                candidate.rescore(
                    score,
                    Explanation.match(score, "linear fusion (" + normalizer.name() + "): sum of weight × normalized score", details)
                )
            );
        }
        return fused;
    }

    private static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
