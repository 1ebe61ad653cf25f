package dev.pyramid.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Turns a comparison run's {@code results.jsonl} into {@code summary.md} and {@code recall-vs-qps.png}. Everything
 * comes from the JSON lines, so a resumed or cut-short run is reported the same way as a complete one, and the report
 * can be redrawn without measuring again ({@code --report-only true}).
 *
 * <p>Equal recall: for each target recall, each series' figure is its <em>fastest measured point whose recall@k
 * reaches the target</em> (no interpolation; the point and its actual recall are shown). Pyramid forms two series,
 * {@code depth: auto} and forced depths, and the ratio columns compare the faster of the two with each peer.
 */
final class ComparisonReport {

    static final double[] TARGETS = { 0.90, 0.95, 0.98 };
    static final String PYRAMID_AUTO = "pyramid (depth auto)";
    static final String PYRAMID_FORCED = "pyramid (forced depth)";

    private final List<Map<String, Object>> lines;

    ComparisonReport(List<Map<String, Object>> lines) {
        this.lines = lines;
    }

    /** The series a measured point belongs to: the system, with Pyramid split by depth mode. */
    static String series(Map<String, Object> point) {
        String system = (String) point.get("system");
        if (system.equals("pyramid")) {
            Object depth = BenchClient.path(point, "params", "depth");
            return depth == null || "auto".equals(depth) ? PYRAMID_AUTO : PYRAMID_FORCED;
        }
        return system;
    }

    /**
     * The lines of a type; for points, only the latest measurement of each system and parameter setting (a resumed
     * run before labels were ordered by name measured some settings again under another label).
     */
    private List<Map<String, Object>> ofType(String type) {
        List<Map<String, Object>> ofType = lines.stream().filter(line -> type.equals(line.get("type"))).toList();
        if ("point".equals(type) == false) {
            return ofType;
        }
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        for (Map<String, Object> point : ofType) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) point.get("params");
            String key = point.get("system") + " " + (params == null ? "" : new TreeMap<>(params).toString());
            latest.remove(key);
            latest.put(key, point);
        }
        return List.copyOf(latest.values());
    }

    /** Per series, the fastest point (2-client QPS) reaching {@code target}. */
    Map<String, Map<String, Object>> atRecall(double target, int clients) {
        Map<String, Map<String, Object>> best = new LinkedHashMap<>();
        for (Map<String, Object> point : ofType("point")) {
            if (number(point, "recall") + 1e-9 < target) {
                continue;
            }
            best.merge(series(point), point, (a, b) -> qps(b, clients) > qps(a, clients) ? b : a);
        }
        return best;
    }

    static double qps(Map<String, Object> point, int clients) {
        return timing(point, clients).map(t -> number(t, "qps")).orElse(Double.NaN);
    }

    static double p(Map<String, Object> point, int clients, String key) {
        return timing(point, clients).map(t -> number(t, key)).orElse(Double.NaN);
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> timing(Map<String, Object> point, int clients) {
        List<Object> timings = (List<Object>) point.get("clients");
        if (timings == null) {
            return Optional.empty();
        }
        return timings.stream().map(t -> (Map<String, Object>) t).filter(t -> number(t, "clients") == clients).findFirst();
    }

    static double number(Object node, String... path) {
        Object value = BenchClient.path(node, path);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The latest index line of each system (a resumed run may have rebuilt one). */
    Map<String, Map<String, Object>> indices() {
        Map<String, Map<String, Object>> bySystem = new LinkedHashMap<>();
        for (Map<String, Object> index : ofType("index")) {
            bySystem.put((String) index.get("system"), index);
        }
        return bySystem;
    }

    void write(Path dir, int clients) throws IOException {
        Files.writeString(dir.resolve("summary.md"), markdown(clients), StandardCharsets.UTF_8);
        drawChart(dir.resolve("recall-vs-qps.png"), "queries per second, " + clients + " clients (log)", p -> qps(p, clients));
        drawChart(
            dir.resolve("recall-vs-server-ms.png"),
            "mean server-side search ms per query (profile, log)",
            p -> number(p, "server", "search_ms_mean")
        );
    }

    /** Per series, the point with the least mean server-side search time reaching {@code target}. */
    Map<String, Map<String, Object>> cheapestOnServer(double target) {
        Map<String, Map<String, Object>> best = new LinkedHashMap<>();
        for (Map<String, Object> point : ofType("point")) {
            if (number(point, "recall") + 1e-9 >= target) {
                best.merge(series(point), point, (a, b) -> serverMillis(b) < serverMillis(a) ? b : a);
            }
        }
        return best;
    }

    static double serverMillis(Map<String, Object> point) {
        return number(point, "server", "search_ms_mean");
    }

    String markdown(int clients) {
        List<Map<String, Object>> runs = ofType("run");
        Map<String, Object> lastRun = runs.isEmpty() ? Map.of() : runs.get(runs.size() - 1);
        StringBuilder md = new StringBuilder();
        Object dataset = BenchClient.path(lastRun, "dataset", "name");
        md.append("# Pyramid vs the k-NN plugin: ").append(dataset).append("\n\n");
        md.append("Written by `bin/bench KnnComparison` (").append(KnnComparison.class.getName()).append(") from `results.jsonl`.\n\n");
        for (Map<String, Object> run : runs) {
            md.append("- `").append(run.get("command")).append("` — ").append(environmentLine(run)).append("\n");
        }
        md.append("\nData: ").append(BenchClient.path(lastRun, "dataset")).append("\n\n");
        if (Boolean.TRUE.equals(BenchClient.path(lastRun, "dataset", "synthetic"))) {
            md.append("**Synthetic data**: a seeded Gaussian mixture of topics and sub-topics (`SyntheticClusters`), not embeddings ")
                .append("of text; its neighbour profile is in the data set's `dataset.json`.\n\n");
        }
        md.append(
            "Load: every figure was taken on the same node and machine, one system at a time; the load average of the machine "
                + "at each run is in its line above (a shared 2-core machine: figures are comparable within a run, not absolute).\n\n"
        );
        indexTable(md);
        for (double target : TARGETS) {
            recallTable(md, target, clients);
        }
        constrainedTable(md, clients);
        goals(md, clients);
        md.append("\n![recall vs QPS](recall-vs-qps.png)\n");
        md.append("\n![recall vs server-side search time](recall-vs-server-ms.png)\n");
        md.append("\nAll measured points: `results.jsonl` (type `point`), one JSON object per line.\n");
        return md.toString();
    }

    private static String environmentLine(Map<String, Object> run) {
        return String.format(
            Locale.ROOT,
            "%s, %s cpus, %.1f GiB, %s, commit %s, %s, load average %s",
            BenchClient.path(run, "environment", "cpu_model"),
            BenchClient.path(run, "environment", "cpus"),
            number(run, "environment", "memory_bytes") / (1L << 30),
            BenchClient.path(run, "environment", "java"),
            BenchClient.path(run, "environment", "commit"),
            BenchClient.path(run, "environment", "date"),
            run.get("load_average")
        );
    }

    private void indexTable(StringBuilder md) {
        md.append("## Build, disk and memory\n\n");
        md.append("Hot: the graph and the vectors its traversal scores with (must stay cached for fast search); warm: read only ")
            .append("for a bounded candidate window per query; float32 = 4 bytes x dims per vector. See `VectorFootprint`.\n\n");
        md.append("| system | build s (bulk + refresh) | force merge s | store MB | vector files MB | hot B/vector | hot+warm B/vector | hot / float32 | components (MB) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> index : indices().values()) {
            double dims = number(index, "dims");
            double hotPerVector = number(index, "footprint", "hot_bytes_per_vector");
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | 1/%.1f | %s |%n",
                    index.get("system"),
                    number(index, "load_seconds"),
                    number(index, "force_merge_seconds"),
                    number(index, "store_bytes") / 1e6,
                    number(index, "footprint", "vector_file_bytes") / 1e6,
                    hotPerVector,
                    number(index, "footprint", "hot_and_warm_bytes_per_vector"),
                    4 * dims / hotPerVector,
                    components(index)
                )
            );
        }
        md.append("\n");
    }

    @SuppressWarnings("unchecked")
    private static String components(Map<String, Object> index) {
        Map<String, Object> components = (Map<String, Object>) BenchClient.path(index, "footprint", "components");
        List<String> parts = new ArrayList<>();
        components.forEach((name, bytes) -> parts.add(String.format(Locale.ROOT, "%s %.1f", name, ((Number) bytes).doubleValue() / 1e6)));
        return String.join(", ", parts);
    }

    private void recallTable(StringBuilder md, double target, int clients) {
        Map<String, Map<String, Object>> best = atRecall(target, clients);
        md.append(String.format(Locale.ROOT, "## At recall@10 >= %.2f%n%n", target));
        if (best.isEmpty()) {
            md.append("No system reached it.\n\n");
            return;
        }
        Map<String, Object> pyramid = fasterPyramid(best, clients);
        md.append(
            String.format(
                Locale.ROOT,
                "| series | point | recall | QPS 1c | QPS %dc | p50 ms | p99 ms | p99 ms %dc | server ms | floor p50 ms | floor server ms | Pyramid/this QPS 1c | Pyramid/this QPS %dc | least server ms (point) | this/Pyramid least server ms |%n",
                clients,
                clients,
                clients
            )
        );
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Map<String, Object>> cheapest = cheapestOnServer(target);
        double pyramidServer = leastPyramidServerMillis(cheapest);
        for (Map.Entry<String, Map<String, Object>> entry : best.entrySet()) {
            Map<String, Object> p = entry.getValue();
            Map<String, Object> c = cheapest.get(entry.getKey());
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %.4f | %.1f | %.1f | %.2f | %.2f | %.2f | %.3f | %.2f | %.3f | %s | %s | %.3f (%s) | %s |%n",
                    entry.getKey(),
                    p.get("label"),
                    number(p, "recall"),
                    qps(p, 1),
                    qps(p, clients),
                    p(p, 1, "p50_ms"),
                    p(p, 1, "p99_ms"),
                    p(p, clients, "p99_ms"),
                    number(p, "server", "search_ms_mean"),
                    number(p, "floor", "client", "p50_ms"),
                    number(p, "floor", "server_search_ms_mean"),
                    ratio(pyramid == null ? Double.NaN : qps(pyramid, 1), qps(p, 1)),
                    ratio(pyramid == null ? Double.NaN : qps(pyramid, clients), qps(p, clients)),
                    serverMillis(c),
                    c.get("label"),
                    ratio(serverMillis(c), pyramidServer)
                )
            );
        }
        md.append("\n");
    }

    /** The least server-side time of Pyramid's two series, NaN when neither reached the target. */
    static double leastPyramidServerMillis(Map<String, Map<String, Object>> cheapest) {
        double least = Double.NaN;
        for (String series : List.of(PYRAMID_AUTO, PYRAMID_FORCED)) {
            if (cheapest.containsKey(series)) {
                double millis = serverMillis(cheapest.get(series));
                least = Double.isNaN(least) ? millis : Math.min(least, millis);
            }
        }
        return least;
    }

    /** The faster (by {@code clients}-client QPS) of Pyramid's two series at a target, or null. */
    static Map<String, Object> fasterPyramid(Map<String, Map<String, Object>> best, int clients) {
        Map<String, Object> auto = best.get(PYRAMID_AUTO);
        Map<String, Object> forced = best.get(PYRAMID_FORCED);
        if (auto == null || forced == null) {
            return auto != null ? auto : forced;
        }
        return qps(forced, clients) > qps(auto, clients) ? forced : auto;
    }

    private static String ratio(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && b > 0 ? String.format(Locale.ROOT, "%.2fx", a / b) : "";
    }

    private void constrainedTable(StringBuilder md, int clients) {
        List<Map<String, Object>> constrained = ofType("constrained");
        if (constrained.isEmpty()) {
            return;
        }
        md.append("## Memory-constrained run\n\n");
        md.append("The node ran inside a cgroup v1 memory group (limit covers heap, other JVM memory and the page cache); caches ")
            .append("dropped and the same warm-up before each system; only the measured index open. Each pass had a time budget: ")
            .append("a system slower than the budget allows is measured on the queries it answered (column *queries answered*).\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "| system | point | limit MiB | heap | queries answered | recall | QPS 1c | QPS %dc | p50 ms | p99 ms | p99 ms %dc | server ms | major faults / query | peak MiB |%n",
                clients,
                clients
            )
        );
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> c : constrained) {
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f | %s | %s | %.4f | %.1f | %.1f | %.2f | %.2f | %.2f | %.3f | %.1f | %.0f |%n",
                    c.get("system"),
                    c.get("label"),
                    number(c, "memory", "limit_bytes") / (1 << 20),
                    c.get("heap"),
                    c.containsKey("queries_answered")
                        ? c.get("queries_answered") + " of " + c.get("queries") + " in " + c.get("time_budget_s") + " s"
                        : String.valueOf(c.get("queries")),
                    number(c, "recall"),
                    qps(c, 1),
                    qps(c, clients),
                    p(c, 1, "p50_ms"),
                    p(c, 1, "p99_ms"),
                    p(c, clients, "p99_ms"),
                    number(c, "server", "search_ms_mean"),
                    number(c, "major_faults_per_query"),
                    number(c, "memory", "max_usage_bytes") / (1 << 20)
                )
            );
        }
        md.append("\n");
    }

    /** The goals, each with the measured figure; see the README for where the time goes when one is missed. */
    private void goals(StringBuilder md, int clients) {
        double target = 0.95;
        md.append("## Goals at recall@10 >= 0.95\n\n");
        Map<String, Map<String, Object>> cheapest = cheapestOnServer(target);
        double pyramidServer = leastPyramidServerMillis(cheapest);
        double knnServer = serverMillis(cheapest.getOrDefault("knn-hnsw", Map.of()));
        goal(md, "server-side search time >= 3x lower than k-NN HNSW float", knnServer / pyramidServer, 3.0, "x lower");
        Map<String, Map<String, Object>> fastest = atRecall(target, clients);
        Map<String, Object> pyramid = fasterPyramid(fastest, clients);
        double qpsRatio = pyramid == null || fastest.containsKey("knn-hnsw") == false
            ? Double.NaN
            : qps(pyramid, clients) / qps(fastest.get("knn-hnsw"), clients);
        goal(md, "end-to-end QPS with " + clients + " clients >= 1.5x k-NN HNSW float (the goal is set at 1M vectors)", qpsRatio, 1.5, "x");
        Map<String, Object> pyramidIndex = indices().get("pyramid");
        double hotShare = pyramidIndex == null
            ? Double.NaN
            : 4 * number(pyramidIndex, "dims") / number(pyramidIndex, "footprint", "hot_bytes_per_vector");
        goal(md, "hot memory <= 1/6 of float32 (hot: graph + level 1)", hotShare, 6.0, " (float32 / hot)");
        double hotAndWarmShare = pyramidIndex == null
            ? Double.NaN
            : 4 * number(pyramidIndex, "dims") / (number(pyramidIndex, "footprint", "hot_and_warm_bytes_per_vector") - 4 * number(
                pyramidIndex,
                "dims"
            ));
        goal(md, "coarse levels and graph (hot + warm without the floats) <= 1/6 of float32", hotAndWarmShare, 6.0, " (float32 / coarse)");
        Map<String, Double> p99 = new LinkedHashMap<>();
        for (Map<String, Object> c : ofType("constrained")) {
            if (number(c, "recall") + 1e-9 >= target) {
                p99.put((String) c.get("system"), p(c, 1, "p99_ms"));
            }
        }
        if (ofType("constrained").isEmpty() == false) {
            goal(md, "memory-constrained p99 >= 5x lower than k-NN HNSW float", p99.getOrDefault("knn-hnsw", Double.NaN) / p99.getOrDefault("pyramid", Double.NaN), 5.0, "x lower");
        }
        md.append("\n");
    }

    private static void goal(StringBuilder md, String goal, double measured, double threshold, String unit) {
        String verdict = Double.isNaN(measured) ? "not measured" : measured >= threshold ? "**met**" : "**not met**";
        md.append(String.format(Locale.ROOT, "- %s: %s (%.2f%s)%n", goal, verdict, measured, unit));
    }

    private void drawChart(Path file, String yTitle, ToDoubleFunction<Map<String, Object>> y) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1100)
            .height(700)
            .title("recall@10 vs " + yTitle.substring(0, yTitle.indexOf(" (")) + ", same node")
            .xAxisTitle("recall@10")
            .yAxisTitle(yTitle)
            .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(7);
        Map<String, List<Map<String, Object>>> bySeries = new LinkedHashMap<>();
        for (Map<String, Object> point : ofType("point")) {
            if (y.applyAsDouble(point) > 0) {
                bySeries.computeIfAbsent(series(point), s -> new ArrayList<>()).add(point);
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> series : bySeries.entrySet()) {
            List<Map<String, Object>> sorted = series.getValue().stream().sorted(Comparator.comparingDouble(p -> number(p, "recall"))).toList();
            XYSeries drawn = chart.addSeries(
                series.getKey(),
                sorted.stream().mapToDouble(p -> number(p, "recall")).toArray(),
                sorted.stream().mapToDouble(y).toArray()
            );
            drawn.setMarker(SeriesMarkers.CIRCLE);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        if (bySeries.isEmpty() == false) {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
