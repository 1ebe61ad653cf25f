package dev.pyramid.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The memory-constrained run, the case a pyramid exists for: the node restarts (same data directory) inside a cgroup
 * v1 memory group ({@link MemoryCgroup}) with a small heap, and each system is measured at its fastest swept point
 * that reached the target recall, under a limit sized so that Pyramid's coarse levels and graph fit and the float
 * vectors do not. Before each system: only its index open, the page cache dropped, the limit set, then the same
 * warm-up (queries that are not measured afterwards); then timed passes with 1 and N clients on the first queries,
 * and a short profiled pass over queries the single client answered. Every pass has the same time budget
 * ({@code --constrained-seconds}): a system that pages its vectors in for every query (measured: k-NN HNSW float at
 * 300K, 6 s per query) is measured on the queries it answered within it, and the line says how many. The group's
 * peak usage, limit hits and major page faults are logged beside the timings.
 *
 * <p>The auto limit is {@code heap + }{@value #JVM_OVERHEAD_MB}{@code  MB + 1.1 x (Pyramid graph + coarse levels)}:
 * the JVM's memory besides the heap (metaspace, code, threads, Netty's direct buffers) measured at about 300–400 MB
 * on this node, then room for Pyramid's hot and warm coarse levels but not its (or k-NN's) float vectors.
 */
final class ConstrainedRun {

    static final long JVM_OVERHEAD_MB = 450;
    private static final String GROUP = "pyramid-knn-comparison";
    private static final int PROFILED_QUERIES = 50;
    private static final int WARMUP_QUERIES = 200;

    private final KnnComparisonOptions options;
    private final Path repo;
    private final Path nodeDir;
    private final List<String> plugins;
    private final BenchEnvironment environment;
    private final Map<String, Object> datasetInfo;

    ConstrainedRun(KnnComparisonOptions options, Path repo, Path nodeDir, List<String> plugins, BenchEnvironment environment, Map<String, Object> datasetInfo) {
        this.options = options;
        this.repo = repo;
        this.nodeDir = nodeDir;
        this.plugins = plugins;
        this.environment = environment;
        this.datasetInfo = datasetInfo;
    }

    void run(List<BenchSystem> systems, Map<String, VectorIndex.Loaded> indices, BenchDataset.Vectors vectors, ResultsLog log) throws Exception {
        long limit = options.memoryLimitBytes() > 0 ? options.memoryLimitBytes() : autoLimit(log);
        int measured = Math.min(options.constrainedQueries(), vectors.queries().length);
        float[][] queries = Arrays.copyOf(vectors.queries(), measured);
        int[][] truth = Arrays.copyOf(vectors.truth(), measured);
        // warm-up queries come from the rest of the query set, so that the measured ones find nothing of their own cached
        float[][] warmup = vectors.queries().length > measured
            ? Arrays.copyOfRange(vectors.queries(), measured, Math.min(vectors.queries().length, measured + WARMUP_QUERIES))
            : queries;
        try (MemoryCgroup group = MemoryCgroup.create(GROUP)) {
            try (
                BenchNode node = BenchNode.start(repo, nodeDir, plugins, options.constrainedHeap(), true, group.launchPrefix());
                BenchClient client = new BenchClient(node.url())
            ) {
                for (BenchSystem system : systems) {
                    SweepPoint point = pointAt(log, system.name(), options.constrainedRecall());
                    if (point == null) {
                        System.err.println(system.name() + ": no measured point, skipped in the memory-constrained run");
                        continue;
                    }
                    for (BenchSystem other : systems) {
                        IndexBuild.setOpen(client, KnnComparison.INDEX_PREFIX + other.name(), other == system);
                    }
                    log.append(measure(client, group, limit, system, indices.get(system.name()), point, queries, truth, warmup));
                    group.unlimit();
                }
            }
        }
    }

    private Map<String, Object> measure(
        BenchClient client,
        MemoryCgroup group,
        long limit,
        BenchSystem system,
        VectorIndex.Loaded index,
        SweepPoint point,
        float[][] queries,
        int[][] truth,
        float[][] warmup
    ) throws Exception {
        String path = "/" + index.name() + "/_search";
        int k = options.k();
        PointMeasurement measurement = new PointMeasurement(client, path, k, options.clients(), warmup.length, PROFILED_QUERIES);
        MemoryCgroup.dropPageCache();
        long before = group.usageBytes();
        group.limit(limit);
        group.resetPeaks();
        Map<String, Long> start = group.snapshot();
        long budget = TimeUnit.SECONDS.toNanos(options.constrainedSeconds());
        long started = System.nanoTime();
        QueryPass.Result warmed = QueryPass.run(client, path, measurement.bodies(warmup, q -> system.query(q, k, point), false), 1, false, budget);
        double warmupSeconds = (System.nanoTime() - started) / 1e9;
        List<String> bodies = measurement.bodies(queries, q -> system.query(q, k, point), false);
        Map<String, Long> afterWarmup = group.snapshot();
        QueryPass.Result single = QueryPass.run(client, path, bodies, 1, true, budget);
        int answered = single.answers().size();
        double recall = GroundTruth.recall(Arrays.copyOf(truth, answered), single.answers().stream().map(PointMeasurement::ids).toList(), k);
        List<QueryPass.Timing> timings = new ArrayList<>(List.of(single.timing()));
        if (options.clients() > 1) {
            timings.add(QueryPass.run(client, path, bodies, options.clients(), false, budget).timing());
        }
        Map<String, Long> end = group.snapshot();
        float[][] profiled = Arrays.copyOf(queries, Math.min(answered, PROFILED_QUERIES));
        // one round: a second one would find the first one's pages cached
        double[] server = measurement.serverMillis(measurement.bodies(profiled, q -> system.query(q, k, point), true), 1);
        long requests = timings.stream().mapToLong(QueryPass.Timing::requests).sum();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "constrained");
        line.put("run", options.run());
        line.put("environment", environment);
        line.put("dataset", datasetInfo);
        line.put("system", system.name());
        line.put("index", index.name());
        line.put("params", point.params());
        line.put("label", point.label());
        line.put("heap", options.constrainedHeap());
        line.put("k", k);
        line.put("queries", queries.length);
        line.put("queries_answered", answered);
        line.put("time_budget_s", options.constrainedSeconds());
        line.put("recall", recall);
        line.put("clients", timings.stream().map(ConstrainedRun::timing).toList());
        line.put("warmup", Map.of("queries", warmed.timing().requests(), "seconds", warmupSeconds));
        line.put("server", Map.of("search_ms_mean", server[0], "search_ms_p50", server[1], "profiled_queries", profiled.length));
        Map<String, Object> memory = new LinkedHashMap<>(end);
        memory.put("usage_before_limit_bytes", before);
        memory.put("pgmajfault_warmup", afterWarmup.get("pgmajfault") - start.get("pgmajfault"));
        memory.put("pgmajfault_measured", end.get("pgmajfault") - afterWarmup.get("pgmajfault"));
        line.put("memory", memory);
        line.put("major_faults_per_query", (double) (end.get("pgmajfault") - afterWarmup.get("pgmajfault")) / requests);
        System.err.printf(
            Locale.ROOT,
            "constrained %s [%s] limit %d MB: %d of %d queries answered, recall %.4f, %.1f QPS 1c (p50 %.2f p99 %.2f ms), %.1f QPS %dc (p99 %.2f ms), %.1f major faults/query%n",
            system.name(),
            point.label(),
            limit >> 20,
            answered,
            queries.length,
            recall,
            timings.get(0).qps(),
            timings.get(0).p50Millis(),
            timings.get(0).p99Millis(),
            timings.get(timings.size() - 1).qps(),
            options.clients(),
            timings.get(timings.size() - 1).p99Millis(),
            (double) line.get("major_faults_per_query")
        );
        return line;
    }

    private static Map<String, Object> timing(QueryPass.Timing timing) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clients", timing.clients());
        map.put("requests", timing.requests());
        map.put("seconds", timing.seconds());
        map.put("qps", timing.qps());
        map.put("p50_ms", timing.p50Millis());
        map.put("p95_ms", timing.p95Millis());
        map.put("p99_ms", timing.p99Millis());
        return map;
    }

    /** The swept point of {@code system} with the highest 1-client QPS among those reaching {@code target}, else the most accurate. */
    @SuppressWarnings("unchecked")
    static SweepPoint pointAt(ResultsLog log, String system, double target) {
        Map<String, Object> best = null;
        Map<String, Object> mostAccurate = null;
        for (Map<String, Object> point : log.ofType("point")) {
            if (system.equals(point.get("system")) == false) {
                continue;
            }
            double recall = ComparisonReport.number(point, "recall");
            if (mostAccurate == null || recall > ComparisonReport.number(mostAccurate, "recall")) {
                mostAccurate = point;
            }
            if (recall + 1e-9 >= target && (best == null || ComparisonReport.qps(point, 1) > ComparisonReport.qps(best, 1))) {
                best = point;
            }
        }
        Map<String, Object> chosen = best != null ? best : mostAccurate;
        return chosen == null ? null : SweepPoint.of((Map<String, Object>) chosen.get("params"));
    }

    /** See the class javadoc; needs Pyramid's index line. */
    private long autoLimit(ResultsLog log) {
        Map<String, Object> pyramid = null;
        for (Map<String, Object> index : log.ofType("index")) {
            if ("pyramid".equals(index.get("system"))) {
                pyramid = index;
            }
        }
        if (pyramid == null) {
            throw new IllegalStateException("--memory-limit auto needs the pyramid system's index; pass a limit in bytes instead");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) BenchClient.path(pyramid, "footprint", "components");
        long coarse = 0;
        for (Map.Entry<String, Object> component : components.entrySet()) {
            if (component.getKey().endsWith(".float") == false) {
                coarse += ((Number) component.getValue()).longValue();
            }
        }
        return KnnComparisonOptions.bytes(options.constrainedHeap()) + (JVM_OVERHEAD_MB << 20) + (long) (1.1 * coarse);
    }
}
