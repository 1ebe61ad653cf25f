package dev.pyramid.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Sends every prepared search body once per client, from {@code clients} threads at once, and times each request on
 * the client (send to last byte of the answer; bodies are serialised beforehand and answers parsed afterwards, so
 * neither counts). Client {@code c} starts at query {@code c·n/clients} so that concurrent clients ask different
 * things. A pass with a time budget stops each client once the budget is spent (after its current request): a
 * system that takes seconds per query is then measured on the queries it answered in that time.
 */
final class QueryPass {

    /**
     * Latency and throughput of one pass.
     *
     * @param seconds wall time of the pass
     */
    record Timing(int clients, int requests, double seconds, double qps, double p50Millis, double p95Millis, double p99Millis) {}

    /**
     * A pass's timing and, when kept, the first client's answers in query order: all of them, or with a time budget
     * the first {@code answers.size()} queries (client 0 asks them from the first on).
     */
    record Result(Timing timing, List<String> answers) {}

    private QueryPass() {}

    static Result run(BenchClient client, String path, List<String> bodies, int clients, boolean keepAnswers) throws IOException {
        return run(client, path, bodies, clients, keepAnswers, Long.MAX_VALUE);
    }

    /** {@link #run(BenchClient, String, List, int, boolean)} within {@code budgetNanos} of wall time. */
    static Result run(BenchClient client, String path, List<String> bodies, int clients, boolean keepAnswers, long budgetNanos)
        throws IOException {
        int n = bodies.size();
        long[][] nanos = new long[clients][n];
        int[] done = new int[clients];
        String[] answers = keepAnswers ? new String[n] : null;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int clientNumber = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < n && System.nanoTime() - start < budgetNanos; i++) {
                        int q = (i + clientNumber * n / clients) % n;
                        long sent = System.nanoTime();
                        String answer = client.raw("POST", path, bodies.get(q));
                        nanos[clientNumber][i] = System.nanoTime() - sent;
                        if (answers != null && clientNumber == 0) {
                            answers[q] = answer;
                        }
                        done[clientNumber] = i + 1;
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] all = IntStream.range(0, clients).mapToObj(c -> Arrays.copyOf(nanos[c], done[c])).flatMapToLong(Arrays::stream).sorted().toArray();
            Timing timing = new Timing(
                clients,
                all.length,
                seconds,
                all.length / seconds,
                percentile(all, 0.50),
                percentile(all, 0.95),
                percentile(all, 0.99)
            );
            return new Result(timing, answers == null ? List.of() : Arrays.asList(answers).subList(0, done[0]));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("a search failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
}
