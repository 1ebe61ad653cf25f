package dev.pyramid.bench;

import org.opensearch.test.OpenSearchTestCase;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The comparison's pure parts: options, the k-NN requests, footprints from stats answers, the resumable log, the
 * choice of points at equal recall and the report. The node-facing parts run in {@code bin/bench KnnComparison}.
 */
public class KnnComparisonTests extends OpenSearchTestCase {

    public void testOptions() {
        Path repo = createTempDir();
        KnnComparisonOptions defaults = KnnComparisonOptions.parse(new String[] { "--dataset", "scifact" }, repo);
        assertFalse(defaults.quick());
        assertEquals(KnnComparisonOptions.SYSTEMS, defaults.systems());
        assertEquals(0, defaults.memoryLimitBytes());
        assertTrue(defaults.run(), defaults.run().endsWith("-scifact"));
        assertEquals(repo.resolve("bench/results/knn-comparison"), defaults.out());
        assertEquals(240, defaults.constrainedSeconds());
        assertEquals(60, KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--constrained-seconds", "60" }, repo).constrainedSeconds());
        expectThrows(
            IllegalArgumentException.class,
            () -> KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--constrained-seconds", "0" }, repo)
        );

        KnnComparisonOptions quick = KnnComparisonOptions.parse(
            new String[] { "--dataset", "synthetic-100k", "--quick", "--memory-limit", "1500m", "--systems", "pyramid,knn-hnsw" },
            repo
        );
        assertTrue(quick.quick());
        assertEquals("synthetic-100k-quick", quick.nodeKey());
        assertEquals(1500L << 20, quick.memoryLimitBytes());
        assertEquals(List.of("pyramid", "knn-hnsw"), quick.systems());
        assertEquals(-1, KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--memory-limit", "auto" }, repo).memoryLimitBytes());
        assertEquals(2L << 30, KnnComparisonOptions.bytes("2g"));

        expectThrows(IllegalArgumentException.class, () -> KnnComparisonOptions.parse(new String[] {}, repo));
        expectThrows(IllegalArgumentException.class, () -> KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--bogus", "1" }, repo));
        expectThrows(IllegalArgumentException.class, () -> KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--systems", "faiss" }, repo));
        expectThrows(
            IllegalArgumentException.class,
            () -> KnnComparisonOptions.parse(new String[] { "--dataset", "x", "--memory-limit", "lots" }, repo)
        );
    }

    @SuppressWarnings("unchecked")
    public void testKnnRequests() {
        KnnLuceneSystem onDisk = new KnnLuceneSystem(KnnLuceneSystem.Variant.ON_DISK, null);
        Map<String, Object> mapping = onDisk.fieldMapping(384);
        assertEquals("on_disk", mapping.get("mode"));
        assertEquals("innerproduct", mapping.get("space_type"));
        assertEquals("lucene", BenchClient.path(mapping, "method", "engine"));
        assertEquals(16, BenchClient.path(mapping, "method", "parameters", "m"));
        assertEquals(100, BenchClient.path(mapping, "method", "parameters", "ef_construction"));
        assertEquals(Map.of("name", "sq"), BenchClient.path(new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_SQ, null).fieldMapping(8), "method", "parameters", "encoder"));
        assertNull(new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_FLOAT, null).fieldMapping(8).get("mode"));

        Map<String, Object> query = onDisk.query(new float[] { 1, 0 }, 10, SweepPoint.of(Map.of("ef_search", 64)));
        Map<String, Object> field = (Map<String, Object>) BenchClient.path(query, "knn", BenchSystem.FIELD);
        assertEquals(10, field.get("k"));
        assertEquals(Map.of("ef_search", 64), field.get("method_parameters"));
        assertEquals("on_disk always rescores, at factor 1 unless swept", Map.of("oversample_factor", 1.0), field.get("rescore"));
        Map<String, Object> floor = (Map<String, Object>) BenchClient.path(onDisk.matchNothingQuery(new float[] { 1, 0 }, 10), "knn", BenchSystem.FIELD);
        assertEquals(Map.of("ids", Map.of("values", List.of())), floor.get("filter"));
        Map<String, Object> plain = (Map<String, Object>) BenchClient.path(
            new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_FLOAT, null).query(new float[] { 1, 0 }, 10, SweepPoint.of(Map.of("ef_search", 16))),
            "knn",
            BenchSystem.FIELD
        );
        assertNull(plain.get("rescore"));
        assertTrue(onDisk.sweep(10).size() > new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_FLOAT, null).sweep(10).size());
        assertEquals(3, ComparisonSweeps.knn(KnnLuceneSystem.Variant.HNSW_SQ, true).size());
        assertNull(ComparisonSweeps.knn(KnnLuceneSystem.Variant.HNSW_SQ, false));
    }

    private static Map<String, Object> fileStats(String index, Map<String, Long> sizes) {
        Map<String, Object> files = new java.util.LinkedHashMap<>();
        sizes.forEach((extension, bytes) -> files.put(extension, Map.of("size_in_bytes", bytes, "description", "Others")));
        return Map.of("indices", Map.of(index, Map.of("primaries", Map.of("segments", Map.of("file_sizes", files)))));
    }

    public void testFootprints() {
        Map<String, Object> stats = fileStats("i", Map.of("vex", 100L, "vec", 1536L, "veq", 400L, "fdt", 99L));
        VectorFootprint flat = VectorFootprint.of(VectorFootprint.Layout.KNN_FLOAT, "i", 1, stats, null);
        assertEquals(1636, flat.hot());
        assertEquals(0, flat.warm());
        VectorFootprint sq = VectorFootprint.of(VectorFootprint.Layout.KNN_QUANTIZED, "i", 1, stats, null);
        assertEquals(500, sq.hot());
        assertEquals(1536, sq.cold());
        VectorFootprint onDisk = VectorFootprint.of(VectorFootprint.Layout.KNN_QUANTIZED_RESCORED, "i", 2, stats, null);
        assertEquals(1536, onDisk.warm());
        assertEquals(250.0, onDisk.hotBytesPerVector(), 0);

        Map<String, Object> field = Map.of(
            "graph_bytes",
            30,
            "levels",
            List.of(
                Map.of("level", 1, "encoding", "binary", "off_heap_bytes", 64),
                Map.of("level", 2, "encoding", "int4", "off_heap_bytes", 208),
                Map.of("level", 3, "encoding", "float", "off_heap_bytes", 1536)
            )
        );
        Map<String, Object> pyramidStats = Map.of("nodes", Map.of("n1", Map.of("indices", Map.of("i", Map.of("embedding", field)))));
        VectorFootprint pyramid = VectorFootprint.of(VectorFootprint.Layout.PYRAMID, "i", 1, stats, pyramidStats);
        assertEquals(94, pyramid.hot());
        assertEquals(1744, pyramid.warm());
        assertEquals(List.of("graph", "level1.binary", "level2.int4", "level3.float"), List.copyOf(pyramid.components().keySet()));
        expectThrows(IllegalArgumentException.class, () -> VectorFootprint.of(VectorFootprint.Layout.PYRAMID, "i", 1, stats, null));
        expectThrows(IllegalArgumentException.class, () -> VectorFootprint.fileSizes(Map.of(), "i"));
    }

    public void testResultsLogResumesAndDropsACutLine() throws Exception {
        Path dir = createTempDir();
        ResultsLog log = new ResultsLog(dir);
        log.append(Map.of("type", "point", "system", "a"));
        log.append(Map.of("type", "index", "system", "a"));
        Files.writeString(dir.resolve("results.jsonl"), "{\"type\":\"point\",\"sys", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ResultsLog resumed = new ResultsLog(dir);
        assertEquals(2, resumed.lines().size());
        assertEquals(1, resumed.ofType("point").size());
    }

    private static Map<String, Object> point(String system, Map<String, Object> params, double recall, double qps1, double qps2, double serverMs) {
        return Map.of(
            "type",
            "point",
            "system",
            system,
            "params",
            params,
            "label",
            SweepPoint.of(params).label(),
            "recall",
            recall,
            "clients",
            List.of(Map.of("clients", 1, "qps", qps1, "p50_ms", 1.0, "p99_ms", 2.0), Map.of("clients", 2, "qps", qps2, "p50_ms", 1.0, "p99_ms", 3.0)),
            "server",
            Map.of("search_ms_mean", serverMs),
            "floor",
            Map.of("client", Map.of("p50_ms", 0.5), "server_search_ms_mean", 0.01)
        );
    }

    public void testEqualRecallChoosesTheFastestPointReachingTheTarget() throws Exception {
        List<Map<String, Object>> lines = List.of(
            point("knn-hnsw", Map.of("ef_search", 16), 0.91, 500, 900, 0.6),
            point("knn-hnsw", Map.of("ef_search", 64), 0.96, 400, 700, 0.9),
            point("knn-hnsw", Map.of("ef_search", 256), 0.99, 300, 500, 2.0),
            point("pyramid", Map.of("depth", "auto", "oversample", 3.0), 0.955, 450, 800, 0.3),
            point("pyramid", Map.of("depth", 3, "oversample", 3.0), 0.97, 420, 850, 0.5)
        );
        ComparisonReport report = new ComparisonReport(lines);
        Map<String, Map<String, Object>> at95 = report.atRecall(0.95, 2);
        assertEquals(Map.of("ef_search", 64), at95.get("knn-hnsw").get("params"));
        assertEquals(ComparisonReport.PYRAMID_FORCED, ComparisonReport.series(at95.get(ComparisonReport.PYRAMID_FORCED)));
        assertSame(at95.get(ComparisonReport.PYRAMID_FORCED), ComparisonReport.fasterPyramid(at95, 2));
        assertEquals(0.3, ComparisonReport.leastPyramidServerMillis(report.cheapestOnServer(0.95)), 0);
        assertFalse(report.atRecall(0.98, 2).containsKey(ComparisonReport.PYRAMID_AUTO));

        String md = report.markdown(2);
        assertTrue(md, md.contains("## At recall@10 >= 0.95"));
        // 850 / 700 QPS with 2 clients
        assertTrue(md, md.contains("| knn-hnsw | ef_search=64 | 0.9600 | 400.0 | 700.0 |"));
        assertTrue(md, md.contains("1.21x"));
        // server side: 0.9 ms for k-NN vs 0.3 for Pyramid
        assertTrue(md, md.contains("server-side search time >= 3x lower than k-NN HNSW float: **met** (3.00x lower)"));
        assertTrue(md, md.contains("end-to-end QPS with 2 clients >= 1.5x k-NN HNSW float (the goal is set at 1M vectors): **not met** (1.21x)"));

        ResultsLog log = new ResultsLog(createTempDir());
        for (Map<String, Object> line : lines) {
            log.append(line);
        }
        assertEquals(Map.of("ef_search", 64), ConstrainedRun.pointAt(log, "knn-hnsw", 0.95).params());
        assertEquals("none reaches 0.999: the most accurate", Map.of("ef_search", 256), ConstrainedRun.pointAt(log, "knn-hnsw", 0.999).params());
        assertNull(ConstrainedRun.pointAt(log, "knn-on-disk", 0.95));
    }
}
