package dev.pyramid.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One parameter setting of a system, e.g. {@code depth=auto, oversample=3}. Parameters a system's default leaves out
 * are absent (the server default applies).
 *
 * @param params    parameter name to value, kept and shown in name order: callers pass {@code Map.of}, whose order
 *                  changes from one JVM to the next, and the label is how a resumed run finds the points it measured
 * @param reference whether the point is the reference configuration compared across shard counts (full depth, generous windows)
 */
record SweepPoint(Map<String, Object> params, boolean reference) {

    SweepPoint {
        params = new TreeMap<>(params);
    }

    static SweepPoint of(Map<String, Object> params) {
        return new SweepPoint(params, false);
    }

    Object get(String name) {
        return params.get(name);
    }

    /** E.g. {@code depth=auto oversample=3.0}, or {@code defaults}. */
    String label() {
        return params.isEmpty()
            ? "defaults"
            : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
