package dev.pyramid.bench;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.testing.Fvecs;

import org.opensearch.core.xcontent.ToXContentObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench SearchBench --base B.fvecs --queries Q.fvecs [--gt GT.ivecs] ...} (see {@link BenchOptions#USAGE}):
 * the REST benchmark. It starts (or connects to) a real node, loads the base vectors into one index per system and
 * shard count, and for every point of each system's sweep measures
 * <ul>
 *   <li>recall@k against the ground truth (given, or brute force: exact mode);</li>
 *   <li>client-side QPS and p50/p95/p99 latency with 1 and with N concurrent clients;</li>
 *   <li>the server-side search work, from a separate profiled pass (profiling slows a search, so its timings never mix
 *       with the client's) and the system's server counters over that pass (for Pyramid: shard searches by the level
 *       they stopped at);</li>
 *   <li>the floor: the same request shape matching nothing, client and server side.</li>
 * </ul>
 * With several shard counts, the reference point of a system (full depth, generous windows) must return the same top k on
 * every count: the run reports how many queries agree. Results: {@code bench/results/<run>/results.jsonl}, a
 * {@code summary.md} table and recall charts, each with the {@link BenchEnvironment}.
 */
public final class SearchBench {

    private static final int WARMUP_QUERIES = 200;

    private SearchBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, BenchEnvironment.repoRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new SearchBench().run(options, "bin/bench SearchBench " + String.join(" ", args));
    }

    private void run(BenchOptions options, String command) throws Exception {
        BenchEnvironment environment = BenchEnvironment.current(BenchEnvironment.repoRoot());
        List<BenchSystem> systems = options.systems().stream().map(name -> BenchSystems.byName(name.trim(), options)).toList();

        float[][] base = Fvecs.readFvecs(options.base(), options.baseLimit());
        float[][] queries = Fvecs.readFvecs(options.queries(), options.queryLimit());
        long truthStart = System.nanoTime();
        int[][] truth = options.groundTruth() == null
            ? GroundTruth.exact(VectorSimilarity.fromJsonName(options.similarity()), queries, base, options.k())
            : GroundTruth.read(options.groundTruth(), queries.length, options.k());
        System.err.printf(
            Locale.ROOT,
            "%d base vectors x %d dims, %d queries, ground truth %s (%.1fs)%n",
            base.length,
            base[0].length,
            queries.length,
            options.groundTruth() == null ? "by brute force" : options.groundTruth(),
            (System.nanoTime() - truthStart) / 1e9
        );
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("base", BenchEnvironment.repoRoot().relativize(options.base()).toString());
        dataset.put("queries", BenchEnvironment.repoRoot().relativize(options.queries()).toString());
        dataset.put("docs", base.length);
        dataset.put("dims", base[0].length);
        dataset.put("query_count", queries.length);
        dataset.put("similarity", options.similarity());
        dataset.put("ground_truth", options.groundTruth() == null ? "exact" : BenchEnvironment.repoRoot().relativize(options.groundTruth()).toString());

        ResultsFiles files = new ResultsFiles(options.out().resolve(options.run()));
        List<PointResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> plugins = systems.stream().flatMap(s -> s.plugins().stream()).toList();
        try (
            BenchNode node = options.url() == null
                ? BenchNode.start(BenchEnvironment.repoRoot(), plugins, options.heap())
                : BenchNode.connect(options.url());
            BenchClient client = new BenchClient(node.url())
        ) {
            for (BenchSystem system : systems) {
                Map<Integer, List<List<String>>> referenceHits = new HashMap<>();
                SweepPoint reference = null;
                for (int shards : options.shards()) {
                    String index = String.format(Locale.ROOT, "bench-%s-%dsh", system.name(), shards);
                    VectorIndex.Loaded loaded = VectorIndex.create(client, system, index, shards, base, options.forceMerge());
                    System.err.printf(Locale.ROOT, "%s: %d docs in %d segments, %.1fs load, %.1fs merge%n", index, loaded.docs(), loaded.segments(), loaded.loadSeconds(), loaded.mergeSeconds());
                    String path = "/" + index + "/_search";
                    int k = options.k();
                    PointMeasurement measurement = new PointMeasurement(client, path, k, options.clients(), WARMUP_QUERIES, Integer.MAX_VALUE);
                    measurement.settle(system, queries, system.sweep(k));
                    PointMeasurement.Floor floor = measurement.floor(system, queries);
                    for (SweepPoint point : system.sweep(k)) {
                        PointResult result = measurement.measure(system, loaded, point, queries, truth, floor, options.run(), environment, dataset);
                        results.add(result);
                        files.append(result);
                        report(system, shards, point, result, options, floor);
                        if (point.reference()) {
                            reference = point;
                            referenceHits.put(shards, hits(client, path, measurement.bodies(queries, q -> system.query(q, k, point), false)));
                        }
                    }
                    BenchSystem.Tuning tuning = system.tune(client, index, k);
                    if (tuning != null) {
                        Map<String, Object> record = new LinkedHashMap<>();
                        record.put("type", "tuning");
                        record.put("run", options.run());
                        record.put("system", system.name());
                        record.put("index", index);
                        record.put("result", tuning.record());
                        files.append((builder, params) -> builder.map(record));
                        System.err.println("tuned " + index + ": " + tuning.record());
                        for (SweepPoint point : tuning.points()) {
                            PointResult result = measurement.measure(system, loaded, point, queries, truth, floor, options.run(), environment, dataset);
                            results.add(result);
                            files.append(result);
                            report(system, shards, point, result, options, floor);
                        }
                    }
                    client.call("DELETE", "/" + index, (String) null);
                }
                if (reference != null && referenceHits.size() > 1) {
                    Agreement agreement = Agreement.of(options.run(), environment, system.name(), reference, options.shards(), referenceHits);
                    files.append(agreement);
                    notes.add(agreement.note());
                    System.err.println(agreement.note());
                }
            }
        }
        int maxClients = options.clients();
        files.summary(command, environment, results, notes, maxClients);
        RecallCharts.draw(files.dir(), options.run(), results, maxClients);
        System.err.println("results in " + files.dir());
    }

    private static void report(
        BenchSystem system,
        int shards,
        SweepPoint point,
        PointResult result,
        BenchOptions options,
        PointMeasurement.Floor floor
    ) {
        System.err.printf(
            Locale.ROOT,
            "%s %dsh [%s] recall %.4f, %.1f QPS (1c, p50 %.2f ms), %.1f QPS (%dc), server %.3f ms (floor %.2f ms client, %.3f ms server) %s%n",
            system.name(),
            shards,
            point.label(),
            result.recall(),
            result.timing(1).qps(),
            result.timing(1).p50Millis(),
            result.timing(options.clients()).qps(),
            options.clients(),
            result.serverMillis(),
            floor.client().p50Millis(),
            floor.serverMillis(),
            ResultsFiles.stoppedShares(result.counters())
        );
    }

    private static List<List<String>> hits(BenchClient client, String path, List<String> searchBodies) throws IOException {
        List<List<String>> hits = new ArrayList<>();
        for (String body : searchBodies) {
            hits.add(PointMeasurement.ids(client.raw("POST", path, body)));
        }
        return hits;
    }

    /** Whether the reference point returned the same top k on every shard count as on the first. */
    record Agreement(String run, BenchEnvironment environment, String system, SweepPoint point, List<Integer> shards, int queries, int sameSet, int sameOrder)
        implements
            ToXContentObject {

        static Agreement of(String run, BenchEnvironment environment, String system, SweepPoint point, List<Integer> shards, Map<Integer, List<List<String>>> hits) {
            List<List<String>> first = hits.get(shards.get(0));
            int sameSet = 0;
            int sameOrder = 0;
            for (int q = 0; q < first.size(); q++) {
                boolean set = true;
                boolean order = true;
                for (int s = 1; s < shards.size(); s++) {
                    List<String> other = hits.get(shards.get(s)).get(q);
                    set &= new java.util.HashSet<>(other).equals(new java.util.HashSet<>(first.get(q)));
                    order &= other.equals(first.get(q));
                }
                sameSet += set ? 1 : 0;
                sameOrder += order ? 1 : 0;
            }
            return new Agreement(run, environment, system, point, shards, first.size(), sameSet, sameOrder);
        }

        String note() {
            return String.format(
                Locale.ROOT,
                "Shard agreement (%s [%s]): on shard counts %s, %d of %d queries return the same top-k set, %d in the same order.",
                system,
                point.label(),
                shards,
                sameSet,
                queries,
                sameOrder
            );
        }

        @Override
        public org.opensearch.core.xcontent.XContentBuilder toXContent(org.opensearch.core.xcontent.XContentBuilder builder, Params params)
            throws IOException {
            return builder.startObject()
                .field("type", "agreement")
                .field("run", run)
                .field("environment", environment)
                .field("system", system)
                .field("params", point.params())
                .field("shards", shards)
                .field("queries", queries)
                .field("same_top_k_set", sameSet)
                .field("same_top_k_order", sameOrder)
                .endObject();
        }
    }
}
