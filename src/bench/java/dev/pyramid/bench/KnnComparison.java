package dev.pyramid.bench;

import dev.pyramid.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/bench KnnComparison --dataset NAME [--quick] [--memory-limit auto]} (see
 * {@link KnnComparisonOptions#USAGE}): Pyramid against the k-NN plugin's Lucene engine on one OpenSearch 3.5.0 node
 * with both plugins, the same data and the same queries.
 * <ol>
 *   <li>Loads one index per system ({@link KnnLuceneSystem}: HNSW float, HNSW SQ, on_disk; {@link PyramidSystem}),
 *       force-merged to one segment, and records its build time, disk size and {@link VectorFootprint}.</li>
 *   <li>Sweeps each system's parameters ({@link #sweep}): recall@k against the exact neighbours, QPS and
 *       p50/p95/p99 with 1 and N clients, server-side search time from a profiled pass, and the floor (the same request
 *       shape matching nothing) beside every figure.</li>
 *   <li>With {@code --memory-limit}, measures each system again inside a memory cgroup ({@link ConstrainedRun}).</li>
 *   <li>Writes {@code summary.md} and {@code recall-vs-qps.png} ({@link ComparisonReport}).</li>
 * </ol>
 * Everything lands in {@code results.jsonl} as it is measured ({@link ResultsLog}); the node keeps its data directory
 * between runs, so the same command started again resumes: built indices and measured points are reused.
 */
public final class KnnComparison {

    static final int WARMUP_QUERIES = 100;
    static final int PROFILED_QUERIES = 200;
    static final String INDEX_PREFIX = "cmp-";

    private final KnnComparisonOptions options;
    private final String command;

    private KnnComparison(KnnComparisonOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    public static void main(String[] args) throws Exception {
        KnnComparisonOptions options;
        try {
            options = KnnComparisonOptions.parse(args, BenchEnvironment.repoRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new KnnComparison(options, "bin/bench KnnComparison " + String.join(" ", args)).run();
    }

    private void run() throws Exception {
        Path repo = BenchEnvironment.repoRoot();
        ResultsLog log = new ResultsLog(options.out().resolve(options.run()));
        if (options.reportOnly() == false) {
            measure(repo, log);
        }
        new ComparisonReport(log.lines()).write(log.dir(), options.clients());
        System.err.println("results in " + log.dir());
    }

    private void measure(Path repo, ResultsLog log) throws Exception {
        BenchEnvironment environment = BenchEnvironment.current(repo);
        BenchDataset dataset = BenchDataset.resolve(options.dataset(), options.quick(), options.queries(), SharedData.dir(), options.dataDir());
        BenchDataset.Vectors vectors = dataset.read();
        Map<String, Object> datasetInfo = dataset.describe(vectors);
        Map<String, Object> runLine = new LinkedHashMap<>();
        runLine.put("type", "run");
        runLine.put("run", options.run());
        runLine.put("command", command);
        runLine.put("environment", environment);
        runLine.put("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
        runLine.put("dataset", datasetInfo);
        log.append(runLine);

        List<BenchSystem> systems = options.systems().stream().map(this::system).toList();
        // both plugins on the node for every system: the comparison is on one node with both installed
        List<String> plugins = List.of("pyramid", "knn");
        Path nodeDir = repo.resolve("target/knn-comparison-node").resolve(options.nodeKey());
        Map<String, VectorIndex.Loaded> loaded = new LinkedHashMap<>();
        try (
            BenchNode node = BenchNode.start(repo, nodeDir, plugins, options.heap(), true, List.of());
            BenchClient client = new BenchClient(node.url())
        ) {
            for (BenchSystem system : systems) {
                loaded.put(system.name(), IndexBuild.ensure(client, system, vectors, datasetInfo, environment, options.run(), log));
            }
            for (BenchSystem system : systems) {
                // only the measured index open: every system searches with the whole page cache to itself
                for (BenchSystem other : systems) {
                    IndexBuild.setOpen(client, INDEX_PREFIX + other.name(), other == system);
                }
                sweep(client, system, loaded.get(system.name()), vectors, datasetInfo, environment, log);
            }
        }
        long limit = options.memoryLimitBytes();
        if (limit != 0) {
            new ConstrainedRun(options, repo, nodeDir, plugins, environment, datasetInfo).run(systems, loaded, vectors, log);
        }
    }

    private BenchSystem system(String name) {
        return switch (name) {
            case "pyramid" -> new PyramidSystem("cosine", ComparisonSweeps.pyramid(options.quick()), null);
            case "knn-hnsw" -> knn(KnnLuceneSystem.Variant.HNSW_FLOAT);
            case "knn-hnsw-sq" -> knn(KnnLuceneSystem.Variant.HNSW_SQ);
            case "knn-on-disk" -> knn(KnnLuceneSystem.Variant.ON_DISK);
            default -> throw new IllegalArgumentException("unknown system [" + name + "]");
        };
    }

    /**
     * The profile of one query at a point (the first query): the query tree with its description (Pyramid's names
     * what each level scored and kept) and timing breakdown, to show where the time goes.
     */
    private Map<String, Object> profileSample(BenchClient client, String index, BenchSystem system, SweepPoint point, float[] query)
        throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", options.k());
        body.put("_source", false);
        body.put("profile", true);
        body.put("query", system.query(query, options.k(), point));
        Map<String, Object> answer = client.call("POST", "/" + index + "/_search", body);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "profile_sample");
        line.put("run", options.run());
        line.put("system", system.name());
        line.put("label", point.label());
        line.put("params", point.params());
        line.put("shard", BenchClient.path(answer, "profile", "shards", "0", "searches", "0"));
        return line;
    }

    private BenchSystem knn(KnnLuceneSystem.Variant variant) {
        return new KnnLuceneSystem(variant, ComparisonSweeps.knn(variant, options.quick()));
    }

    /** Measures every point of the system's sweep not yet in the log. */
    private void sweep(
        BenchClient client,
        BenchSystem system,
        VectorIndex.Loaded index,
        BenchDataset.Vectors vectors,
        Map<String, Object> datasetInfo,
        BenchEnvironment environment,
        ResultsLog log
    ) throws IOException {
        Set<String> done = new LinkedHashSet<>();
        for (Map<String, Object> point : log.ofType("point")) {
            if (system.name().equals(point.get("system"))) {
                done.add((String) point.get("label"));
            }
        }
        List<SweepPoint> todo = new ArrayList<>();
        for (SweepPoint point : system.sweep(options.k())) {
            if (done.contains(point.label()) == false) {
                todo.add(point);
            }
        }
        if (todo.isEmpty()) {
            System.err.printf(Locale.ROOT, "%s: every point already measured%n", system.name());
            return;
        }
        PointMeasurement measurement = new PointMeasurement(
            client,
            "/" + index.name() + "/_search",
            options.k(),
            options.clients(),
            WARMUP_QUERIES,
            PROFILED_QUERIES
        );
        measurement.settle(system, vectors.queries(), todo);
        PointMeasurement.Floor floor = measurement.floor(system, vectors.queries());
        for (SweepPoint point : todo) {
            PointResult result = measurement.measure(system, index, point, vectors.queries(), vectors.truth(), floor, options.run(), environment, datasetInfo);
            log.append(result);
            log.append(profileSample(client, index.name(), system, point, vectors.queries()[0]));
            System.err.printf(
                Locale.ROOT,
                "%s [%s] recall %.4f, %.1f QPS 1c (p50 %.2f p99 %.2f ms), %.1f QPS %dc, server %.3f ms; floor %.2f ms client, %.3f ms server%n",
                system.name(),
                point.label(),
                result.recall(),
                result.timing(1).qps(),
                result.timing(1).p50Millis(),
                result.timing(1).p99Millis(),
                result.timing(options.clients()).qps(),
                options.clients(),
                result.serverMillis(),
                floor.client().p50Millis(),
                floor.serverMillis()
            );
        }
    }
}
