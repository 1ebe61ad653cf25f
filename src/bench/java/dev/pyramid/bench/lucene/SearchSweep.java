package dev.pyramid.bench.lucene;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.DocValues;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures one {@link SearchSetting} on a one-segment index, single-threaded: {@code warmupPasses} untimed passes
 * over all queries, then {@code repetitions} timed passes; QPS of a pass = queries / wall time of the pass, and the
 * reported QPS is the median pass. Recall@k is taken from the first timed pass against the dataset's ground truth
 * (search is deterministic). Work (vectors scored per stage) is counted afterwards, in an untimed pass. Beside wall-clock
 * QPS, the median of queries per second of the thread's CPU time is recorded ({@code cpu_qps}): on a shared machine
 * it is the steadier figure, though caches shared with other processes still slow it.
 */
public final class SearchSweep {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final IndexSearcher searcher;
    private final BenchDataset data;
    private final int k;
    private final int[] docToRow;

    public SearchSweep(IndexSearcher searcher, BenchDataset data, int k) throws IOException {
        this.searcher = searcher;
        this.data = data;
        this.k = k;
        this.docToRow = docToRow(searcher, data.corpus().length);
    }

    /** Reads the row number of every document: results are compared with the ground truth by row, not doc id. */
    private static int[] docToRow(IndexSearcher searcher, int rows) throws IOException {
        if (searcher.getIndexReader().leaves().size() != 1) {
            throw new IllegalStateException("the benchmark expects a one-segment index");
        }
        int[] map = new int[rows];
        NumericDocValues values = DocValues.getNumeric(searcher.getIndexReader().leaves().get(0).reader(), IndexBuild.ROW_FIELD);
        for (int doc = 0; doc < rows; doc++) {
            if (values.advanceExact(doc) == false) {
                throw new IllegalStateException("document " + doc + " has no row number");
            }
            map[doc] = (int) values.longValue();
        }
        return map;
    }

    /** Whether document {@code i} is corpus row {@code i} for every document (one segment written in row order). */
    public boolean rowsInDocOrder() {
        for (int doc = 0; doc < docToRow.length; doc++) {
            if (docToRow[doc] != doc) {
                return false;
            }
        }
        return true;
    }

    public Map<String, Object> measure(SearchSetting setting, int warmupPasses, int repetitions) throws IOException {
        int[][] results = new int[data.queries().length][];
        for (int pass = 0; pass < warmupPasses; pass++) {
            pass(setting, results);
        }
        double[] qps = new double[repetitions];
        double[] cpuQps = new double[repetitions];
        for (int rep = 0; rep < repetitions; rep++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            pass(setting, rep == 0 ? results : null);
            long nanos = System.nanoTime() - start;
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            qps[rep] = data.queries().length / (nanos / 1e9);
            cpuQps[rep] = data.queries().length / (cpuNanos / 1e9);
        }
        double median = median(qps);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setting", setting.label());
        out.put("parameters", setting.parameters());
        out.put("recall_at_" + k, recall(results));
        out.put("qps", median);
        out.put("mean_latency_ms", 1000.0 / median);
        out.put("qps_repetitions", qps);
        // queries per second of thread CPU time: less disturbed than wall time when other processes share the cores
        out.put("cpu_qps", median(cpuQps));
        out.put("work_per_query", meanWork(setting));
        return out;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void pass(SearchSetting setting, int[][] keep) throws IOException {
        float[][] queries = data.queries();
        for (int q = 0; q < queries.length; q++) {
            Query query = setting.query(IndexBuild.FIELD, queries[q]);
            TopDocs top = searcher.search(query, k);
            if (keep != null) {
                int[] rows = new int[top.scoreDocs.length];
                for (int i = 0; i < rows.length; i++) {
                    ScoreDoc hit = top.scoreDocs[i];
                    rows[i] = docToRow[hit.doc];
                }
                keep[q] = rows;
            }
        }
    }

    private double recall(int[][] results) {
        long found = 0;
        for (int q = 0; q < results.length; q++) {
            int[] truth = data.truth(q, k);
            for (int row : results[q]) {
                for (int t : truth) {
                    if (t == row) {
                        found++;
                        break;
                    }
                }
            }
        }
        return (double) found / ((long) results.length * k);
    }

    private Map<String, Double> meanWork(SearchSetting setting) throws IOException {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, long[]> stoppedAt = new TreeMap<>();
        float[][] queries = data.queries();
        for (float[] query : queries) {
            Map<String, Long> work = setting.work(searcher, IndexBuild.FIELD, query, k);
            work.forEach((stage, count) -> {
                if (stage.equals("stopped_at_level")) {
                    stoppedAt.computeIfAbsent("share_stopped_at_level_" + count, s -> new long[1])[0]++;
                } else {
                    sums.merge(stage, (double) count, Double::sum);
                }
            });
        }
        Map<String, Double> means = new TreeMap<>();
        sums.forEach((stage, sum) -> means.put(stage, sum / queries.length));
        stoppedAt.forEach((stage, count) -> means.put(stage, (double) count[0] / queries.length));
        double scored = 0;
        for (Map.Entry<String, Double> entry : means.entrySet()) {
            if (entry.getKey().startsWith("share_") == false) {
                scored += entry.getValue();
            }
        }
        means.put("total_scored", scored);
        return means;
    }
}
