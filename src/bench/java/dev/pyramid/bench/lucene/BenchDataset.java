package dev.pyramid.bench.lucene;

import dev.pyramid.testing.Fvecs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's vectors: a corpus, queries and the ground truth that ships with them (texmex files, see
 * {@code shared/data/README.md}). All vectors are unit length, so dot product = cosine.
 *
 * @param corpus      row {@code i} is document {@code i}
 * @param queries     one row per query
 * @param groundTruth per query, the exact nearest corpus rows, best first
 */
public record BenchDataset(String name, float[][] corpus, float[][] queries, int[][] groundTruth) {

    /** SciFact sentences with all-MiniLM-L6-v2 vectors and their 300 test queries. */
    public static BenchDataset scifactSentences(Path sharedData, int maxQueries) throws IOException {
        Path dir = sharedData.resolve("scifact/vectors-all-minilm-l6-v2");
        float[][] corpus = Fvecs.readFvecs(dir.resolve("corpus_sentences.fvecs"));
        float[][] queries = Fvecs.readFvecs(dir.resolve("test_queries.fvecs"), maxQueries);
        int[][] truth = Fvecs.readIvecs(dir.resolve("test_queries.gt100.corpus_sentences.ivecs"), maxQueries);
        if (truth.length != queries.length) {
            throw new IOException("ground truth has " + truth.length + " rows for " + queries.length + " queries");
        }
        return new BenchDataset("scifact-sentences-minilm-l6-v2", corpus, queries, truth);
    }

    public int dimension() {
        return corpus[0].length;
    }

    /** The first {@code k} ground-truth rows of query {@code q}. */
    public int[] truth(int q, int k) {
        return Arrays.copyOf(groundTruth[q], k);
    }

    /**
     * Recomputes the top {@code k} of every query by brute force (double-precision dot products) and compares it with
     * the shipped ground truth. A query agrees when the two top-k sets are equal, or differ only by documents whose
     * exact scores tie with the k-th score within {@code 1e-6} (ordering among equal scores is arbitrary).
     */
    public Map<String, Object> verifyGroundTruth(int k) {
        int agreeing = 0;
        int identical = 0;
        double worstScoreGap = 0;
        for (int q = 0; q < queries.length; q++) {
            double[] scores = new double[corpus.length];
            Integer[] order = new Integer[corpus.length];
            for (int d = 0; d < corpus.length; d++) {
                scores[d] = dot(queries[q], corpus[d]);
                order[d] = d;
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            int[] exact = new int[k];
            for (int i = 0; i < k; i++) {
                exact[i] = order[i];
            }
            int[] shipped = truth(q, k);
            if (Arrays.equals(exact, shipped)) {
                identical++;
            }
            double kth = scores[exact[k - 1]];
            boolean agree = true;
            for (int doc : shipped) {
                double gap = kth - scores[doc];
                if (contains(exact, doc) == false && gap > 1e-6) {
                    agree = false;
                }
                worstScoreGap = Math.max(worstScoreGap, gap);
            }
            if (agree) {
                agreeing++;
            }
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("k", k);
        check.put("queries", queries.length);
        check.put("queries_agreeing", agreeing);
        check.put("queries_identical_order", identical);
        check.put("worst_score_shortfall_vs_exact_kth", worstScoreGap);
        check.put("verdict", agreeing == queries.length ? "ground truth matches brute force" : "MISMATCH");
        return check;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d x %d, %d queries)", name, corpus.length, dimension(), queries.length);
    }
}
