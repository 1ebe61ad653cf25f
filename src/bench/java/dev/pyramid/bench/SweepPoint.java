package dev.pyramid.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One parameter setting of a system, e.g. {@code depth=auto, oversample=3}. Parameters a system's default leaves out
 * are absent (the server default applies).
 *
 * @param params    parameter name to value, in the order they are shown
 * @param reference whether the point is the reference configuration compared across shard counts (full depth, generous windows)
 */
record SweepPoint(Map<String, Object> params, boolean reference) {

    SweepPoint {
        params = new LinkedHashMap<>(params);
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
