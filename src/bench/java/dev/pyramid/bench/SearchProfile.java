package dev.pyramid.bench;

import dev.pyramid.bench.lucene.BenchDataset;
import dev.pyramid.bench.lucene.BenchFormat;
import dev.pyramid.bench.lucene.ProfileIndex;
import dev.pyramid.bench.lucene.LuceneHnswSetting;
import dev.pyramid.bench.lucene.PyramidSetting;
import dev.pyramid.bench.lucene.SearchSetting;
import dev.pyramid.bench.lucene.SearchSweep;
import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.testing.SharedData;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;

import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench SearchProfile <format> <setting> [seconds] [--rebuild]}: a steady single-threaded search loop over
 * one setting of one format, for profiling (run it with {@code BENCH_JAVA_OPTS="-Xmx4g -XX:StartFlightRecording=..."})
 * and for quick before/after comparisons of a search-path change. The index is kept in
 * {@code target/bench-indices/profile-<format>} between runs ({@code --rebuild} after a format change). Settings:
 * {@code ef=N} or {@code rescore-ef=N} (Lucene formats), {@code o=F,auto} or {@code o=F,full} (pyramid). Prints the
 * recall and the QPS of every pass, and the median; writes nothing under {@code bench/results}.
 */
public final class SearchProfile {

    private SearchProfile() {}

    public static void main(String[] args) throws Exception {
        BenchFormat format = BenchFormat.byId(args[0]);
        SearchSetting setting = parseSetting(args[1]);
        double seconds = args.length > 2 && args[2].startsWith("--") == false ? Double.parseDouble(args[2]) : 20;
        boolean rebuild = args[args.length - 1].equals("--rebuild");
        BenchDataset data = BenchDataset.scifactSentences(SharedData.dir(), Integer.MAX_VALUE);
        try (Directory directory = ProfileIndex.open(format, data, rebuild); DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null);
            SearchSweep sweep = new SearchSweep(searcher, data, BenchFormat.K);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            double[] qps = new double[10_000];
            double[] cpuQps = new double[qps.length];
            int passes = 0;
            Map<String, Object> last = null;
            while (System.nanoTime() < end && passes < qps.length) {
                last = sweep.measure(setting, 0, 1);
                cpuQps[passes] = ((Number) last.get("cpu_qps")).doubleValue();
                qps[passes++] = ((Number) last.get("qps")).doubleValue();
                System.err.printf(Locale.ROOT, "pass %d: %.0f QPS, %.0f CPU QPS%n", passes, qps[passes - 1], cpuQps[passes - 1]);
            }
            double[] sorted = java.util.Arrays.copyOf(qps, passes);
            java.util.Arrays.sort(sorted);
            System.out.printf(
                Locale.ROOT,
                "%s %s: recall@10 %.4f, median QPS %.0f over %d passes (after the first 2: %.0f; CPU QPS %.0f), load %.2f, work %s%n",
                format.id(),
                setting.label(),
                ((Number) last.get("recall_at_10")).doubleValue(),
                sorted[passes / 2],
                passes,
                passes > 2 ? median(java.util.Arrays.copyOfRange(qps, 2, passes)) : Double.NaN,
                passes > 2 ? median(java.util.Arrays.copyOfRange(cpuQps, 2, passes)) : Double.NaN,
                dev.pyramid.bench.lucene.MachineLoad.loadAverage()[0],
                last.get("work_per_query")
            );
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static SearchSetting parseSetting(String spec) {
        if (spec.startsWith("ef=")) {
            return new LuceneHnswSetting(Integer.parseInt(spec.substring(3)), false, BenchFormat.K);
        }
        if (spec.startsWith("rescore-ef=")) {
            return new LuceneHnswSetting(Integer.parseInt(spec.substring(11)), true, BenchFormat.K);
        }
        if (spec.startsWith("o=")) {
            String[] parts = spec.substring(2).split(",");
            int depth = parts.length > 1 && parts[1].equals("full") ? Integer.MAX_VALUE : SearchPlan.DEPTH_AUTO;
            return new PyramidSetting(Float.parseFloat(parts[0]), depth, BenchFormat.K);
        }
        throw new IllegalArgumentException("unknown setting [" + spec + "]");
    }
}
