package dev.pyramid.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One system's index for a comparison run: built once ({@link VectorIndex#create}, one shard, force-merged), its
 * build time, disk size and {@link VectorFootprint} logged as an {@code index} line, and reused by a resumed run when
 * the node still holds it with every document.
 */
final class IndexBuild {

    /** The vector format's files (Lucene's flat, HNSW and scalar-quantized formats; Pyramid's levels). */
    private static final List<String> VECTOR_FILES = List.of("vec", "vemf", "vex", "vem", "veq", "vemq", "pyc", "pym");

    private IndexBuild() {}

    static VectorIndex.Loaded ensure(
        BenchClient client,
        BenchSystem system,
        BenchDataset.Vectors vectors,
        Map<String, Object> datasetInfo,
        BenchEnvironment environment,
        String run,
        ResultsLog log
    ) throws IOException {
        String name = KnnComparison.INDEX_PREFIX + system.name();
        Map<String, Object> logged = null;
        for (Map<String, Object> line : log.ofType("index")) {
            if (system.name().equals(line.get("system"))) {
                logged = line;
            }
        }
        if (logged != null && client.status("HEAD", "/" + name) == 200) {
            setOpen(client, name, true);
            long docs = ((Number) client.call("GET", "/" + name + "/_count", (String) null).get("count")).longValue();
            if (docs == vectors.base().length) {
                System.err.printf(Locale.ROOT, "%s: reusing index %s (%d docs)%n", system.name(), name, docs);
                return new VectorIndex.Loaded(
                    name,
                    1,
                    docs,
                    ((Number) logged.get("load_seconds")).doubleValue(),
                    ((Number) logged.get("force_merge_seconds")).doubleValue(),
                    ((Number) logged.get("segments")).intValue(),
                    ((Number) logged.get("store_bytes")).longValue()
                );
            }
        }
        VectorIndex.Loaded loaded = VectorIndex.create(client, system, name, 1, vectors.base(), true);
        System.err.printf(
            Locale.ROOT,
            "%s: %d docs in %d segments, %.1fs load, %.1fs merge, %.1f MB%n",
            name,
            loaded.docs(),
            loaded.segments(),
            loaded.loadSeconds(),
            loaded.mergeSeconds(),
            loaded.storeBytes() / 1e6
        );
        Map<String, Object> indexStats = client.call("GET", "/" + name + "/_stats/segments?include_segment_file_sizes=true", (String) null);
        Map<String, Object> pyramidStats = layout(system) == VectorFootprint.Layout.PYRAMID
            ? client.call("GET", "/_plugins/pyramid/stats/" + name, (String) null)
            : null;
        VectorFootprint footprint = VectorFootprint.of(layout(system), name, loaded.docs(), indexStats, pyramidStats);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "index");
        line.put("run", run);
        line.put("system", system.name());
        line.put("environment", environment);
        line.put("dataset", datasetInfo);
        line.put("index", name);
        line.put("mapping", system.fieldMapping(vectors.base()[0].length));
        line.put("docs", loaded.docs());
        line.put("dims", vectors.base()[0].length);
        line.put("segments", loaded.segments());
        line.put("load_seconds", loaded.loadSeconds());
        line.put("force_merge_seconds", loaded.mergeSeconds());
        line.put("store_bytes", loaded.storeBytes());
        line.put("footprint", describe(footprint, VectorFootprint.fileSizes(indexStats, name)));
        if (pyramidStats != null) {
            line.put("pyramid_stats", BenchClient.path(pyramidStats, "nodes"));
        }
        log.append(line);
        return loaded;
    }

    static VectorFootprint.Layout layout(BenchSystem system) {
        return system instanceof KnnLuceneSystem knn ? knn.variant().layout : VectorFootprint.Layout.PYRAMID;
    }

    private static Map<String, Object> describe(VectorFootprint footprint, Map<String, Long> files) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("components", footprint.components());
        described.put("hot_bytes", footprint.hot());
        described.put("warm_bytes", footprint.warm());
        described.put("cold_bytes", footprint.cold());
        described.put("hot_bytes_per_vector", footprint.hotBytesPerVector());
        described.put("hot_and_warm_bytes_per_vector", footprint.hotAndWarmBytesPerVector());
        described.put("vector_file_bytes", VECTOR_FILES.stream().mapToLong(extension -> files.getOrDefault(extension, 0L)).sum());
        described.put("file_bytes", files);
        return described;
    }

    /** Opens or closes an index (both idempotent); an opened index is searchable when this returns. */
    static void setOpen(BenchClient client, String name, boolean open) throws IOException {
        if (client.status("HEAD", "/" + name) != 200) {
            return;
        }
        client.call("POST", "/" + name + (open ? "/_open" : "/_close"), (String) null);
        if (open) {
            client.call("GET", "/_cluster/health/" + name + "?wait_for_status=yellow&timeout=300s", (String) null);
        }
    }
}
