package dev.pyramid.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This plugin's {@code pyramid_vector} field (default levels: binary, int4, float) and {@code spi_pyramid} query.
 * Sweeps {@code depth: auto} (the default) over oversampling factors, each forced depth, and full depth with generous
 * windows (the {@link SweepPoint#reference reference}: it must give the same top k on any number of shards). Reports the node's counters of shard searches by the level they stopped at.
 */
final class PyramidSystem implements BenchSystem {

    /**
     * Full depth with windows this generous scans every vector of a segment of up to k·{@value}² vectors at level 1
     * and rescores the best k·{@value} at each finer level. (Much larger windows would cost more in collector memory
     * than they could change: level 1's window is also its result queue.)
     */
    static final float GENEROUS_OVERSAMPLE = 100f;

    private final String similarity;
    private final List<SweepPoint> sweep;
    private final Double calibrationTarget;

    /**
     * @param similarity {@code cosine}, {@code dot_product} or {@code l2}
     * @param sweep      the points to measure; null for {@link #defaultSweep}
     * @param calibrationTarget target recall for {@code POST <index>/_pyramid/calibrate} after the sweep; null: none
     */
    PyramidSystem(String similarity, List<SweepPoint> sweep, Double calibrationTarget) {
        this.similarity = similarity;
        this.sweep = sweep;
        this.calibrationTarget = calibrationTarget;
    }

    @Override
    public String name() {
        return "pyramid";
    }

    @Override
    public List<String> plugins() {
        return List.of("pyramid");
    }

    @Override
    public Map<String, Object> indexSettings() {
        return Map.of("index.pyramid.enabled", true);
    }

    @Override
    public Map<String, Object> fieldMapping(int dims) {
        return Map.of("type", "pyramid_vector", "dimension", dims, "similarity", similarity);
    }

    @Override
    public Map<String, Object> query(float[] vector, int k, SweepPoint point) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("vector", vector);
        field.put("k", k);
        point.params().forEach((name, value) -> {
            if (name.equals("calibrated") == false) { // a label: the index's calibration settings apply by themselves
                field.put(name, value);
            }
        });
        return Map.of("spi_pyramid", Map.of(FIELD, field));
    }

    @Override
    public Map<String, Object> matchNothingQuery(float[] vector, int k) {
        // a filter matching nothing: the vector is parsed and checked as usual, then no segment has a candidate
        return Map.of("spi_pyramid", Map.of(FIELD, Map.of("vector", vector, "k", k, "filter", Map.of("ids", Map.of("values", List.of())))));
    }

    @Override
    public List<SweepPoint> sweep(int k) {
        return sweep != null ? sweep : defaultSweep();
    }

    static List<SweepPoint> defaultSweep() {
        List<SweepPoint> points = new ArrayList<>();
        points.add(SweepPoint.of(Map.of()));
        for (float oversample : new float[] { 1.5f, 2f, 5f, 8f }) {
            points.add(SweepPoint.of(Map.of("depth", "auto", "oversample", oversample)));
        }
        for (int depth = 1; depth <= 3; depth++) {
            points.add(SweepPoint.of(Map.of("depth", depth)));
        }
        for (float oversample : new float[] { 2f, 5f }) {
            points.add(SweepPoint.of(Map.of("depth", 3, "oversample", oversample)));
        }
        points.add(new SweepPoint(Map.of("depth", 3, "oversample", GENEROUS_OVERSAMPLE), true));
        return points;
    }

    /**
     * Calibrates the field with the plugin's API (1000 stored vectors as pseudo-queries, seed 0) and measures
     * {@code depth: auto} again, at the default windows and at the sweep's oversampling factors.
     */
    @Override
    public Tuning tune(BenchClient client, String index, int k) throws IOException {
        if (calibrationTarget == null) {
            return null;
        }
        Map<String, Object> response = client.call(
            "POST",
            "/" + index + "/_pyramid/calibrate",
            Map.of("field", FIELD, "target_recall", calibrationTarget, "k", k, "sample", 1000)
        );
        Map<String, Object> record = new LinkedHashMap<>(response);
        record.remove("trials");
        record.put("trials_recall_by_z", trialsByZ(response));
        List<SweepPoint> points = new ArrayList<>();
        for (SweepPoint point : sweep(k)) {
            if (point.get("depth") == null || "auto".equals(point.get("depth"))) {
                Map<String, Object> params = new LinkedHashMap<>(point.params());
                params.put("calibrated", calibrationTarget);
                points.add(SweepPoint.of(params));
            }
        }
        return new Tuning(record, points);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trialsByZ(Map<String, Object> response) {
        Map<String, Object> byZ = new LinkedHashMap<>();
        for (Object trial : (List<Object>) response.get("trials")) {
            Map<String, Object> t = (Map<String, Object>) trial;
            byZ.put(String.valueOf(t.get("z")), t.get("recall"));
        }
        return byZ;
    }

    /** Shard searches by the deepest level they ran, summed over the node's counters. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Long> serverCounters(BenchClient client) throws IOException {
        Map<String, Object> stats = client.call("GET", "/_plugins/pyramid/stats", (String) null);
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Object> nodes = (Map<String, Object>) stats.get("nodes");
        for (Object node : nodes.values()) {
            Map<String, Object> levels = (Map<String, Object>) BenchClient.path(node, "queries", "stopped_at_level");
            for (Map.Entry<String, Object> level : levels.entrySet()) {
                counters.merge("stopped_at_level." + level.getKey(), ((Number) level.getValue()).longValue(), Long::sum);
            }
        }
        return counters;
    }
}
