package dev.pyramid.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates a system's index and loads the base vectors into it with bulk requests ({@code _id} = row number, so that
 * ground-truth rows name documents), printing progress; then refreshes and optionally force-merges, as ANN benchmarks
 * do so that segment counts do not differ between runs.
 */
final class VectorIndex {

    private static final int BULK_DOCS = 500;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /**
     * What loading took and left.
     *
     * @param loadSeconds  bulk loading plus refresh
     * @param mergeSeconds the force merge (0 when not merged)
     */
    record Loaded(String name, int shards, long docs, double loadSeconds, double mergeSeconds, int segments, long storeBytes) {}

    private VectorIndex() {}

    static Loaded create(BenchClient client, BenchSystem system, String name, int shards, float[][] base, boolean forceMerge)
        throws IOException {
        if (client.status("HEAD", "/" + name) == 200) {
            client.call("DELETE", "/" + name, (String) null);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("number_of_shards", shards);
        settings.put("number_of_replicas", 0);
        settings.put("refresh_interval", "-1");
        settings.putAll(system.indexSettings());
        Map<String, Object> body = Map.of(
            "settings",
            settings,
            "mappings",
            Map.of("properties", Map.of(BenchSystem.FIELD, system.fieldMapping(base[0].length)))
        );
        client.call("PUT", "/" + name, body);

        long start = System.nanoTime();
        long lastReport = start;
        StringBuilder bulk = new StringBuilder();
        for (int row = 0; row < base.length; row++) {
            bulk.append("{\"index\":{\"_id\":\"").append(row).append("\"}}\n");
            bulk.append(BenchClient.json(Map.of(BenchSystem.FIELD, base[row]))).append('\n');
            if ((row + 1) % BULK_DOCS == 0 || row == base.length - 1) {
                Map<String, Object> response = client.bulk("/" + name + "/_bulk", bulk.toString());
                if (Boolean.TRUE.equals(response.get("errors"))) {
                    throw new IOException("bulk into [" + name + "] failed: " + firstError(response));
                }
                bulk.setLength(0);
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_EVERY_NANOS || row == base.length - 1) {
                    double seconds = (now - start) / 1e9;
                    System.err.printf(
                        Locale.ROOT,
                        "loading %s: %d / %d vectors (%.0f%%), %.0f vectors/s%n",
                        name,
                        row + 1,
                        base.length,
                        100.0 * (row + 1) / base.length,
                        (row + 1) / seconds
                    );
                    lastReport = now;
                }
            }
        }
        client.call("POST", "/" + name + "/_refresh", (String) null);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        double mergeSeconds = 0;
        if (forceMerge) {
            System.err.printf(Locale.ROOT, "force-merging %s to one segment per shard%n", name);
            long mergeStart = System.nanoTime();
            client.call("POST", "/" + name + "/_forcemerge?max_num_segments=1", (String) null);
            client.call("POST", "/" + name + "/_refresh", (String) null);
            mergeSeconds = (System.nanoTime() - mergeStart) / 1e9;
        }
        long docs = ((Number) client.call("GET", "/" + name + "/_count", (String) null).get("count")).longValue();
        if (docs != base.length) {
            throw new IOException(String.format(Locale.ROOT, "index [%s] holds %d documents, expected %d", name, docs, base.length));
        }
        Map<String, Object> stats = client.call("GET", "/" + name + "/_stats/store,segments", (String) null);
        Object segments = BenchClient.path(stats, "indices", name, "primaries", "segments", "count");
        Object store = BenchClient.path(stats, "indices", name, "primaries", "store", "size_in_bytes");
        return new Loaded(name, shards, docs, loadSeconds, mergeSeconds, ((Number) segments).intValue(), ((Number) store).longValue());
    }

    @SuppressWarnings("unchecked")
    private static Object firstError(Map<String, Object> bulkResponse) {
        for (Object item : (List<Object>) bulkResponse.get("items")) {
            Object error = BenchClient.path(item, "index", "error");
            if (error != null) {
                return error;
            }
        }
        return "unknown";
    }
}
