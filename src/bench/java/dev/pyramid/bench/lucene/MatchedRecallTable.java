package dev.pyramid.bench.lucene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a benchmark's JSON records as markdown: build time and bytes per vector per format, each format's sweep,
 * QPS at matched recall, and the pyramid controller's work ({@code depth: auto} against full depth).
 *
 * <p>QPS at a recall target {@code R} is read off the format's Pareto frontier (the settings no other setting beats in
 * both recall and QPS), interpolated linearly in recall between the frontier points just below and just above
 * {@code R}. If every frontier point is above {@code R}, the fastest one is reported with {@code >=}; if none
 * reaches {@code R}, the cell says so.
 */
public final class MatchedRecallTable {

    static final double[] TARGETS = { 0.90, 0.95, 0.98 };
    private static final String FLOAT_BASELINE = "hnsw-float";
    private static final String BBQ_BASELINE = "hnsw-bbq";

    private MatchedRecallTable() {}

    public static String render(List<Map<String, Object>> records, String command) {
        StringBuilder md = new StringBuilder();
        Map<String, Map<String, Object>> builds = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> searches = new LinkedHashMap<>();
        Map<String, Object> environment = null;
        Map<String, Object> truthCheck = null;
        Map<String, Object> end = null;
        for (Map<String, Object> record : records) {
            switch ((String) record.get("record")) {
                case "environment" -> environment = record;
                case "ground_truth_check" -> truthCheck = record;
                case "build" -> builds.put((String) record.get("format"), record);
                case "search" -> searches.computeIfAbsent((String) record.get("format"), f -> new ArrayList<>()).add(record);
                case "end" -> end = record;
                default -> {}
            }
        }

        md.append("# Lucene vectors formats on SciFact sentences (45,952 x 384, 300 queries, recall@10)\n\n");
        if (environment != null) {
            md.append(
                String.format(
                    Locale.ROOT,
                    "- date %s; commit `%s`; %s, %s cores, %.1f GB; %s\n- command: `%s`\n- load average (1/5/15 min) at start %s, at end %s; per setting: min %.2f, max %.2f (1 min)\n",
                    environment.get("date"),
                    environment.get("commit"),
                    environment.get("cpu_model"),
                    environment.get("cpus"),
                    ((Number) environment.get("memory_bytes")).doubleValue() / (1L << 30),
                    environment.get("java"),
                    environment.get("command"),
                    environment.get("load_average"),
                    end == null ? "?" : end.get("load_average"),
                    loadRange(searches, true),
                    loadRange(searches, false)
                )
            );
        }
        if (truthCheck != null) {
            md.append(
                String.format(
                    Locale.ROOT,
                    "- ground truth check (brute force, double precision, top-%s): %s of %s queries agree (%s in identical order): %s\n",
                    truthCheck.get("k"),
                    truthCheck.get("queries_agreeing"),
                    truthCheck.get("queries"),
                    truthCheck.get("queries_identical_order"),
                    truthCheck.get("verdict")
                )
            );
        }
        md.append(
            "\nMethod: in-JVM Lucene 10.3.2, no OpenSearch node. Every format: M=16, beamWidth=100, one merge worker, dot product "
                + "(unit vectors); single-threaded indexing, a segment flushed every 10,000 docs, no merges while indexing, then "
                + "forceMerge(1) (one segment, no compound file). Each format runs in its own JVM. Search: one thread, no "
                + "executor, query cache off; per setting 2 warm-up passes over the 300 queries then 5 timed passes, QPS = the "
                + "median pass. Lucene formats: `KnnFloatVectorQuery(k = ef)`, best 10 kept; `rescore` = every one of the ef "
                + "hits rescored on float32 by `RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, q, field, 10)`. "
                + "Pyramid: `PyramidKnnQuery(k = 10)` with one oversample factor o (level-1 window 10·o^(L-1), each finer "
                + "level divides it by o) and depth auto (adaptive controller, uncalibrated defaults) or full, or depth full "
                + "with one factor per coarse level, `o=[W1/10, W2/10]` (level-1 window W1, level-2 window W2).\n\n"
        );

        md.append("## Build and bytes per vector\n\n");
        md.append("Hot = off-heap non-float bytes read for every visited node (graph `.vex` + the codes the traversal scores with). ");
        md.append("Off-heap non-float = graph + all quantized codes. Float32 = 1536 B/vector.\n\n");
        md.append("| format | index+flush s | force merge s | build s | x hnsw-float | hot B/vec (graph + codes) | off-heap non-float B/vec | disk B/vec by file |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        double floatBuild = builds.containsKey(FLOAT_BASELINE) ? number(builds.get(FLOAT_BASELINE), "build_ms") : Double.NaN;
        for (Map.Entry<String, Map<String, Object>> entry : builds.entrySet()) {
            Map<String, Object> b = entry.getValue();
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | %.2f | %.1f (%.1f + %.1f) | %.1f | %s |\n",
                    entry.getKey(),
                    number(b, "index_and_flush_ms") / 1000,
                    number(b, "force_merge_ms") / 1000,
                    number(b, "build_ms") / 1000,
                    number(b, "build_ms") / floatBuild,
                    number(b, "hot_bytes_per_vector"),
                    number(b, "hot_bytes_per_vector_graph"),
                    number(b, "hot_bytes_per_vector_codes"),
                    number(b, "offheap_nonfloat_bytes_per_vector"),
                    byFile(b)
                )
            );
        }

        md.append("\n## QPS at matched recall@10 (single thread)\n\n");
        md.append("| format |");
        for (double target : TARGETS) {
            md.append(String.format(Locale.ROOT, " QPS @%.2f |", target));
        }
        md.append(" x hnsw-float @0.95 | x hnsw-bbq @0.95 | max recall |\n|---|---|---|---|---|---|---|\n");
        Map<String, double[]> atTargets = new LinkedHashMap<>();
        for (Map.Entry<String, List<Map<String, Object>>> entry : searches.entrySet()) {
            atTargets.put(entry.getKey(), interpolateAll(frontier(entry.getValue())));
        }
        double[] floatQps = atTargets.get(FLOAT_BASELINE);
        double[] bbqQps = atTargets.get(BBQ_BASELINE);
        for (Map.Entry<String, List<Map<String, Object>>> entry : searches.entrySet()) {
            List<double[]> front = frontier(entry.getValue());
            double[] qps = atTargets.get(entry.getKey());
            md.append("| ").append(entry.getKey()).append(" |");
            for (int i = 0; i < TARGETS.length; i++) {
                md.append(' ').append(cell(front, TARGETS[i], qps[i])).append(" |");
            }
            md.append(' ').append(ratio(qps[1], floatQps == null ? Double.NaN : floatQps[1])).append(" |");
            md.append(' ').append(ratio(qps[1], bbqQps == null ? Double.NaN : bbqQps[1])).append(" |");
            md.append(String.format(Locale.ROOT, " %.4f |\n", front.isEmpty() ? Double.NaN : front.get(front.size() - 1)[0]));
        }

        for (Map.Entry<String, List<Map<String, Object>>> entry : searches.entrySet()) {
            md.append("\n## ").append(entry.getKey()).append(" sweep\n\n");
            md.append("| setting | recall@10 | QPS | mean latency ms | work per query (vectors scored per stage) |\n|---|---|---|---|---|\n");
            for (Map<String, Object> s : entry.getValue()) {
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.4f | %.0f | %.3f | %s |\n",
                        s.get("setting"),
                        number(s, "recall_at_10"),
                        number(s, "qps"),
                        number(s, "mean_latency_ms"),
                        work(s)
                    )
                );
            }
        }

        md.append(controllerSection(searches));
        return md.toString();
    }

    /** For each pyramid format and oversample: depth auto against depth full (issue 4's search-work goal). */
    private static String controllerSection(Map<String, List<Map<String, Object>>> searches) {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, List<Map<String, Object>>> entry : searches.entrySet()) {
            Map<Object, Map<String, Object>> auto = new LinkedHashMap<>();
            Map<Object, Map<String, Object>> full = new LinkedHashMap<>();
            for (Map<String, Object> s : entry.getValue()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> parameters = (Map<String, Object>) s.get("parameters");
                if ("auto".equals(parameters.get("depth"))) {
                    auto.put(parameters.get("oversample"), s);
                } else if ("full".equals(parameters.get("depth"))) {
                    full.put(parameters.get("oversample"), s);
                }
            }
            if (auto.isEmpty() || full.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(entry.getKey()).append(": depth auto vs full (same oversample)\n\n");
            md.append("| o | recall full | recall auto | loss | scored full | scored auto | work ratio (scored) | latency full ms | latency auto ms | time ratio |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<Object, Map<String, Object>> a : auto.entrySet()) {
                Map<String, Object> f = full.get(a.getKey());
                if (f == null) {
                    continue;
                }
                double scoredFull = workTotal(f);
                double scoredAuto = workTotal(a.getValue());
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.4f | %.4f | %.4f | %.0f | %.0f | %.2f | %.3f | %.3f | %.2f |\n",
                        a.getKey(),
                        number(f, "recall_at_10"),
                        number(a.getValue(), "recall_at_10"),
                        number(f, "recall_at_10") - number(a.getValue(), "recall_at_10"),
                        scoredFull,
                        scoredAuto,
                        scoredFull / scoredAuto,
                        number(f, "mean_latency_ms"),
                        number(a.getValue(), "mean_latency_ms"),
                        number(f, "mean_latency_ms") / number(a.getValue(), "mean_latency_ms")
                    )
                );
            }
        }
        return md.toString();
    }

    /** Pareto frontier as {recall, qps} pairs sorted by recall, ascending. */
    static List<double[]> frontier(List<Map<String, Object>> settings) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Object> s : settings) {
            points.add(new double[] { number(s, "recall_at_10"), number(s, "qps") });
        }
        List<double[]> front = new ArrayList<>();
        for (double[] p : points) {
            boolean dominated = false;
            for (double[] o : points) {
                if (o != p && o[0] >= p[0] && o[1] >= p[1] && (o[0] > p[0] || o[1] > p[1])) {
                    dominated = true;
                    break;
                }
            }
            if (dominated == false) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(p -> p[0]));
        return front;
    }

    private static double[] interpolateAll(List<double[]> front) {
        double[] out = new double[TARGETS.length];
        for (int i = 0; i < TARGETS.length; i++) {
            out[i] = interpolate(front, TARGETS[i]);
        }
        return out;
    }

    /** QPS at {@code recall} on the frontier; NaN if no setting reaches it. */
    static double interpolate(List<double[]> front, double recall) {
        double[] below = null;
        for (double[] p : front) {
            if (p[0] >= recall) {
                if (below == null) {
                    return p[1];
                }
                double t = (recall - below[0]) / (p[0] - below[0]);
                return below[1] + t * (p[1] - below[1]);
            }
            below = p;
        }
        return Double.NaN;
    }

    private static String cell(List<double[]> front, double target, double qps) {
        if (Double.isNaN(qps)) {
            return "not reached";
        }
        boolean allAbove = front.isEmpty() == false && front.get(0)[0] >= target;
        return String.format(Locale.ROOT, "%s%.0f", allAbove ? ">=" : "", qps);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static double number(Map<String, Object> record, String key) {
        Object value = record.get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    private static String byFile(Map<String, Object> build) {
        Map<String, Object> files = (Map<String, Object>) build.get("disk_bytes_per_vector_by_file");
        StringBuilder out = new StringBuilder();
        files.forEach((ext, bytes) -> out.append(String.format(Locale.ROOT, "%s %.1f, ", ext, ((Number) bytes).doubleValue())));
        Map<String, Object> levels = (Map<String, Object>) build.get("pyramid_code_bytes_per_vector_by_level");
        if (levels != null) {
            out.append("pyc = ");
            levels.forEach((level, bytes) -> out.append(String.format(Locale.ROOT, "%s %.1f + ", level, ((Number) bytes).doubleValue())));
            out.setLength(out.length() - 3);
            out.append(", ");
        }
        if (out.length() > 2) {
            out.setLength(out.length() - 2);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static String work(Map<String, Object> search) {
        Map<String, Object> work = (Map<String, Object>) search.get("work_per_query");
        StringBuilder out = new StringBuilder();
        work.forEach((stage, value) -> {
            double v = ((Number) value).doubleValue();
            out.append(stage).append(' ').append(stage.startsWith("share_") ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.0f", v)).append(", ");
        });
        if (out.length() > 2) {
            out.setLength(out.length() - 2);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static double workTotal(Map<String, Object> search) {
        return number((Map<String, Object>) search.get("work_per_query"), "total_scored");
    }

    @SuppressWarnings("unchecked")
    private static double loadRange(Map<String, List<Map<String, Object>>> searches, boolean min) {
        double result = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (List<Map<String, Object>> list : searches.values()) {
            for (Map<String, Object> s : list) {
                List<Object> load = (List<Object>) s.get("load_average_before");
                if (load != null && load.isEmpty() == false) {
                    double one = ((Number) load.get(0)).doubleValue();
                    result = min ? Math.min(result, one) : Math.max(result, one);
                }
            }
        }
        return result;
    }
}
