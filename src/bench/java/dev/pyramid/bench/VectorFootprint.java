package dev.pyramid.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a vector index's bytes are and which of them a search needs in RAM, by one rule for every system:
 * <ul>
 *   <li><b>hot</b>: what the graph traversal touches, at random, for every query: the HNSW graph ({@code .vex}) and
 *       the vectors it scores with (k-NN float: {@code .vec}; k-NN SQ / on_disk: the int7 codes {@code .veq};
 *       Pyramid: level 1's codes). If these pages are not cached, every hop of the traversal may wait for the disk;</li>
 *   <li><b>warm</b>: read only for a bounded window of candidates per query (k-NN on_disk: the floats it rescores;
 *       Pyramid: the finer levels, each read for its window); a miss costs a few reads per query, not one per hop;</li>
 *   <li><b>cold</b>: on disk but not read by searches (k-NN SQ: the floats, kept for merges).</li>
 * </ul>
 * The inputs are the node's own numbers: file sizes by extension from
 * {@code GET <index>/_stats/segments?include_segment_file_sizes=true} (Lucene's extensions: {@code vex} graph,
 * {@code vec} floats, {@code veq} scalar-quantized codes) and, for Pyramid, the per-level off-heap bytes of
 * {@code GET _plugins/pyramid/stats/<index>}.
 *
 * @param vectors    vectors in the index
 * @param components bytes per component, e.g. {@code graph}, {@code float}, {@code int7}, {@code level1.binary}
 * @param hot        sum of the hot components
 * @param warm       sum of the warm components
 * @param cold       sum of the cold components
 */
record VectorFootprint(long vectors, Map<String, Long> components, long hot, long warm, long cold) {

    /** How a system's vector files divide into hot, warm and cold. */
    enum Layout {
        /** k-NN Lucene HNSW over floats: the traversal scores with the floats. */
        KNN_FLOAT,
        /** k-NN Lucene HNSW with the SQ encoder, no rescoring: int7 codes hot, floats cold. */
        KNN_QUANTIZED,
        /** k-NN Lucene {@code mode: on_disk}: int7 codes hot, floats read to rescore the candidates. */
        KNN_QUANTIZED_RESCORED,
        /** Pyramid: graph and level 1 hot, finer levels read per window. */
        PYRAMID
    }

    /** Bytes per vector of the hot part. */
    double hotBytesPerVector() {
        return vectors == 0 ? 0 : (double) hot / vectors;
    }

    /** Bytes per vector of the hot and warm parts together. */
    double hotAndWarmBytesPerVector() {
        return vectors == 0 ? 0 : (double) (hot + warm) / vectors;
    }

    /**
     * @param indexStats   the answer of {@code _stats/segments?include_segment_file_sizes=true} for one index
     * @param pyramidStats the answer of {@code _plugins/pyramid/stats/<index>} (Pyramid only; else null)
     */
    static VectorFootprint of(Layout layout, String index, long vectors, Map<String, Object> indexStats, Map<String, Object> pyramidStats) {
        Map<String, Long> files = fileSizes(indexStats, index);
        Map<String, Long> components = new LinkedHashMap<>();
        return switch (layout) {
            case KNN_FLOAT -> {
                components.put("graph", files.getOrDefault("vex", 0L));
                components.put("float", files.getOrDefault("vec", 0L));
                yield new VectorFootprint(vectors, components, components.get("graph") + components.get("float"), 0, 0);
            }
            case KNN_QUANTIZED, KNN_QUANTIZED_RESCORED -> {
                components.put("graph", files.getOrDefault("vex", 0L));
                components.put("int7", files.getOrDefault("veq", 0L));
                components.put("float", files.getOrDefault("vec", 0L));
                long hot = components.get("graph") + components.get("int7");
                boolean rescored = layout == Layout.KNN_QUANTIZED_RESCORED;
                yield new VectorFootprint(vectors, components, hot, rescored ? components.get("float") : 0, rescored ? 0 : components.get("float"));
            }
            case PYRAMID -> pyramid(index, vectors, pyramidStats, components);
        };
    }

    @SuppressWarnings("unchecked")
    private static VectorFootprint pyramid(String index, long vectors, Map<String, Object> pyramidStats, Map<String, Long> components) {
        if (pyramidStats == null) {
            throw new IllegalArgumentException("a Pyramid footprint needs the answer of _plugins/pyramid/stats");
        }
        long graph = 0;
        Map<Integer, Long> byLevel = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<String, Object> nodes = (Map<String, Object>) pyramidStats.get("nodes");
        for (Object node : nodes.values()) {
            Map<String, Object> fields = (Map<String, Object>) BenchClient.path(node, "indices", index);
            if (fields == null) {
                continue;
            }
            for (Object field : fields.values()) {
                Map<String, Object> stats = (Map<String, Object>) field;
                graph += ((Number) stats.get("graph_bytes")).longValue();
                for (Object level : (List<Object>) stats.get("levels")) {
                    Map<String, Object> l = (Map<String, Object>) level;
                    int number = ((Number) l.get("level")).intValue();
                    byLevel.merge(number, ((Number) l.get("off_heap_bytes")).longValue(), Long::sum);
                    names.put(number, String.format(Locale.ROOT, "level%d.%s", number, l.get("encoding")));
                }
            }
        }
        if (byLevel.isEmpty()) {
            throw new IllegalArgumentException("_plugins/pyramid/stats has no pyramid field in [" + index + "]");
        }
        components.put("graph", graph);
        long hot = graph;
        long warm = 0;
        for (Map.Entry<Integer, Long> level : byLevel.entrySet()) {
            components.put(names.get(level.getKey()), level.getValue());
            if (level.getKey() == 1) {
                hot += level.getValue();
            } else {
                warm += level.getValue();
            }
        }
        return new VectorFootprint(vectors, components, hot, warm, 0);
    }

    /** Bytes by file extension, summed over the index's primary segments. */
    @SuppressWarnings("unchecked")
    static Map<String, Long> fileSizes(Map<String, Object> indexStats, String index) {
        Object sizes = BenchClient.path(indexStats, "indices", index, "primaries", "segments", "file_sizes");
        if (sizes == null) {
            throw new IllegalArgumentException("no segment file sizes for [" + index + "]: ask with include_segment_file_sizes=true");
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        ((Map<String, Object>) sizes).forEach(
            (extension, value) -> bytes.put(extension, ((Number) ((Map<String, Object>) value).get("size_in_bytes")).longValue())
        );
        return bytes;
    }
}
