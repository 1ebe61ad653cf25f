package dev.pyramid.bench;

import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact top-{@code k} base rows of every query by inner product (the ground truth of unit vectors, where inner
 * product is cosine), best first, ties to the lower row: brute force with Lucene's SIMD {@link VectorUtil#dotProduct},
 * one thread per core. Each thread owns a share of the queries and walks the base in blocks small enough to stay in
 * the CPU cache while all its queries score them, so the base streams from memory once per thread instead of once
 * per query.
 */
public final class ExactNeighbors {

    private static final int BLOCK_ROWS = 1024;

    private ExactNeighbors() {}

    /** Row numbers into {@code base} of the {@code k} best rows for each query. */
    public static int[][] topK(float[][] queries, float[][] base, int k, int threads) throws InterruptedException {
        if (k <= 0 || k > base.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "k must be in [1, %d], got [%d]", base.length, k));
        }
        int[][] result = new int[queries.length][];
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) queries.length * t / threads);
                int to = (int) ((long) queries.length * (t + 1) / threads);
                tasks.add(executor.submit(() -> searchShare(queries, from, to, base, k, result)));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            executor.shutdownNow();
        }
        return result;
    }

    private static void searchShare(float[][] queries, int from, int to, float[][] base, int k, int[][] result) {
        TopRows[] tops = new TopRows[to - from];
        for (int q = from; q < to; q++) {
            tops[q - from] = new TopRows(k);
        }
        for (int blockStart = 0; blockStart < base.length; blockStart += BLOCK_ROWS) {
            int blockEnd = Math.min(base.length, blockStart + BLOCK_ROWS);
            for (int q = from; q < to; q++) {
                TopRows top = tops[q - from];
                float[] query = queries[q];
                for (int row = blockStart; row < blockEnd; row++) {
                    top.offer(row, VectorUtil.dotProduct(query, base[row]));
                }
            }
        }
        for (int q = from; q < to; q++) {
            result[q] = tops[q - from].bestFirst();
        }
    }

    /**
     * The {@code k} best (score, row) pairs seen so far: a binary min-heap on arrays, worst at the root. Rows arrive in
     * increasing order, so an equal score never displaces an earlier row.
     */
    static final class TopRows {
        private final float[] scores;
        private final int[] rows;
        private int size;

        TopRows(int k) {
            scores = new float[k];
            rows = new int[k];
        }

        void offer(int row, float score) {
            if (size < scores.length) {
                scores[size] = score;
                rows[size] = row;
                siftUp(size++);
            } else if (score > scores[0]) {
                scores[0] = score;
                rows[0] = row;
                siftDown(0);
            }
        }

        /** Worse: lower score, or the same score and a higher row. */
        private boolean worse(int a, int b) {
            return scores[a] < scores[b] || (scores[a] == scores[b] && rows[a] > rows[b]);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (worse(i, parent) == false) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int worst = left + 1 < size && worse(left + 1, left) ? left + 1 : left;
                if (worse(worst, i) == false) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            float score = scores[a];
            scores[a] = scores[b];
            scores[b] = score;
            int row = rows[a];
            rows[a] = rows[b];
            rows[b] = row;
        }

        int[] bestFirst() {
            int[] best = new int[size];
            for (int i = size - 1; i >= 0; i--) {
                best[i] = rows[0];
                size--;
                swap(0, size);
                siftDown(0);
            }
            return best;
        }
    }
}
