package dev.pyramid.testing;

import dev.pyramid.mapper.VectorSimilarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * Brute-force nearest neighbours with the scores the plugin documents (see {@link VectorSimilarity}), computed in
 * double precision from the raw vectors, independently of Lucene: the reference that searches are checked against.
 * <ul>
 *   <li>{@code cosine}: {@code (1 + cos(q, v)) / 2}</li>
 *   <li>{@code dot_product}: {@code 1 + q·v} when {@code q·v >= 0}, else {@code 1 / (1 - q·v)}</li>
 *   <li>{@code l2}: {@code 1 / (1 + ||q - v||²)}</li>
 * </ul>
 */
public final class ExactSearch {

    /** A document (its row number in the vector array) and its exact score. */
    public record Neighbor(int ord, double score) {}

    /** Best first: higher score, then lower ordinal (Lucene's tie-break by doc id). */
    public static final Comparator<Neighbor> BEST_FIRST = Comparator.comparingDouble(Neighbor::score)
        .reversed()
        .thenComparingInt(Neighbor::ord);

    private ExactSearch() {}

    /** The documented score of {@code doc} for {@code query}. */
    public static double score(VectorSimilarity similarity, float[] query, float[] doc) {
        if (query.length != doc.length) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "vector dimensions differ: query [%d], doc [%d]", query.length, doc.length)
            );
        }
        double dot = 0;
        double queryNorm = 0;
        double docNorm = 0;
        double squaredDistance = 0;
        for (int i = 0; i < query.length; i++) {
            double q = query[i];
            double v = doc[i];
            dot += q * v;
            queryNorm += q * q;
            docNorm += v * v;
            squaredDistance += (q - v) * (q - v);
        }
        return switch (similarity) {
            case COSINE -> (1 + dot / Math.sqrt(queryNorm * docNorm)) / 2;
            case DOT_PRODUCT -> dot >= 0 ? 1 + dot : 1 / (1 - dot);
            case L2 -> 1 / (1 + squaredDistance);
        };
    }

    /** The {@code k} best documents of {@code docs}, best first. */
    public static List<Neighbor> topK(VectorSimilarity similarity, float[] query, float[][] docs, int k) {
        return topK(similarity, query, docs, k, ord -> true);
    }

    /** The {@code k} best documents of {@code docs} whose ordinal passes {@code filter}, best first. */
    public static List<Neighbor> topK(VectorSimilarity similarity, float[] query, float[][] docs, int k, IntPredicate filter) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got [" + k + "]");
        }
        PriorityQueue<Neighbor> worstFirst = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        for (int ord = 0; ord < docs.length; ord++) {
            if (filter.test(ord)) {
                worstFirst.add(new Neighbor(ord, score(similarity, query, docs[ord])));
                if (worstFirst.size() > k) {
                    worstFirst.poll();
                }
            }
        }
        List<Neighbor> best = new ArrayList<>(worstFirst);
        best.sort(BEST_FIRST);
        return best;
    }
}
