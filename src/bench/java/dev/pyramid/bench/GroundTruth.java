package dev.pyramid.bench;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.testing.ExactSearch;
import dev.pyramid.testing.Fvecs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The true {@code k} nearest base rows of every query: read from an {@code .ivecs} file (texmex layout, first
 * {@code k} of each row), or computed by brute force ("exact mode") with the plugin's documented scores
 * ({@link ExactSearch}, in double precision), one query per core.
 */
final class GroundTruth {

    private GroundTruth() {}

    static int[][] read(Path ivecs, int queries, int k) throws IOException {
        int[][] rows = Fvecs.readIvecs(ivecs, queries);
        if (rows.length < queries) {
            throw new IOException(String.format(Locale.ROOT, "%s has %d rows, fewer than the %d queries", ivecs, rows.length, queries));
        }
        return Arrays.stream(rows).map(row -> {
            if (row.length < k) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has %d neighbours per query, fewer than k = %d", ivecs, row.length, k));
            }
            return Arrays.copyOf(row, k);
        }).toArray(int[][]::new);
    }

    static int[][] exact(VectorSimilarity similarity, float[][] queries, float[][] base, int k) {
        return IntStream.range(0, queries.length)
            .parallel()
            .mapToObj(q -> ExactSearch.topK(similarity, queries[q], base, k).stream().mapToInt(ExactSearch.Neighbor::ord).toArray())
            .toArray(int[][]::new);
    }

    /** Mean recall@k of the returned ids (row numbers as strings) against the truth. */
    static double recall(int[][] truth, List<List<String>> found, int k) {
        double sum = 0;
        for (int q = 0; q < truth.length; q++) {
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < Math.min(k, truth[q].length); i++) {
                expected.add(Integer.toString(truth[q][i]));
            }
            long hits = found.get(q).stream().limit(k).filter(expected::contains).count();
            sum += hits / (double) expected.size();
        }
        return sum / truth.length;
    }
}
