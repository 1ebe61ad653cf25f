package dev.pyramid.bench;

import dev.pyramid.model.ModelRegistry;
import dev.pyramid.model.TextEmbedder;
import dev.pyramid.testing.SharedData;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval quality of BM25, pyramid, hybrid and reranked pipelines on SciFact (test, 300 queries) and CISI (76 judged
 * queries), measured by OpenSearch's own {@code _rank_eval} (nDCG@10: {@code dcg} with {@code normalize}; recall@100)
 * on a real 3.5.0 node with the plugin:
 *
 * <pre>
 *   bin/bench QualityBench [--datasets scifact,cisi] [--url http://127.0.0.1:9200]
 * </pre>
 *
 * Without {@code --url} it starts its own node under {@code target/bench-quality-node} and stops it afterwards.
 * Each collection goes into a 1-shard index: text with the {@code english} analyzer, all-MiniLM-L6-v2 vectors in a
 * {@code pyramid_vector} field (SciFact's from shared/data; CISI's made here by the plugin's own model runtime with the
 * fp32 all-MiniLM-L6-v2 that {@code bin/bench} unpacks under {@code target/demo-models}, the way the shared SciFact
 * vectors were made). Writes
 * {@code bench/results/quality/quality.md} (the table, with date, machine, commit and command) and appends the rows
 * to {@code quality.jsonl}.
 */
public final class QualityBench {

    private static final int K = 100;
    private static final String EMBEDDING_MODEL = "minilm";
    private static final String COMMAND = "bin/bench QualityBench";

    /** One retrieval pipeline: its table name and the query it sends for a query text and vector. */
    private record Pipeline(String name, QueryTemplate template) {}

    @FunctionalInterface
    private interface QueryTemplate {
        String query(String text, float[] vector);
    }

    private record Row(String dataset, String pipeline, double ndcg10, double recall100, String exampleQuery) {}

    private QualityBench() {}

    public static void main(String[] args) throws Exception {
        String url = option(args, "--url", null);
        List<String> datasets = Arrays.asList(option(args, "--datasets", "scifact,cisi").split(","));
        Path repo = BenchEnvironment.repoRoot();
        Path data = SharedData.dir();
        List<Row> rows = new ArrayList<>();
        Path models = repo.resolve("target/demo-models");
        try (
            BenchNode node = url == null
                ? BenchNode.start(repo, repo.resolve("target/bench-quality-node"), List.of("pyramid"), "2g", false, List.of(), null)
                : BenchNode.connect(url);
            BenchClient client = new BenchClient(node.url())
        ) {
            for (String dataset : datasets) {
                TestCollection collection = switch (dataset) {
                    case "scifact" -> TestCollection.scifact(data);
                    case "cisi" -> embedded(TestCollection.cisi(data), models);
                    default -> throw new IllegalArgumentException("unknown dataset [" + dataset + "], expected scifact or cisi");
                };
                load(client, collection);
                for (Pipeline pipeline : pipelines()) {
                    double ndcg = rankEval(client, collection, pipeline, "{\"dcg\": {\"k\": 10, \"normalize\": true}}");
                    double recall = rankEval(client, collection, pipeline, "{\"recall\": {\"k\": 100, \"relevant_rating_threshold\": 1}}");
                    Row row = new Row(dataset, pipeline.name(), ndcg, recall, pipeline.template().query("<query text>", new float[] { 0.1f, 0.2f }));
                    System.out.printf(Locale.ROOT, "%s %-55s nDCG@10 %.4f  recall@100 %.4f%n", dataset, pipeline.name(), ndcg, recall);
                    rows.add(row);
                }
            }
        }
        write(repo, rows, String.join(" ", args));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static TestCollection embedded(TestCollection collection, Path models) throws Exception {
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("pyramid-quality-models");
        try (ModelRegistry registry = new ModelRegistry(models, work)) {
            TextEmbedder embedder = registry.embedder(EMBEDDING_MODEL);
            float[][] docs = embedder.embed(collection.docs().stream().map(TestCollection.Doc::text).toList());
            float[][] queries = embedder.embed(collection.queries().stream().map(TestCollection.Query::text).toList());
            System.out.printf(Locale.ROOT, "%s: embedded %d documents and %d queries in %.0f s%n", collection.name(), docs.length, queries.length, (System.nanoTime() - start) / 1e9);
            return collection.withVectors(docs, queries);
        }
    }

    private static String json(Object value) {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            builder.value(value);
            return builder.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String vector(float[] v) {
        return Arrays.toString(v);
    }

    private static String dense(float[] v, String extra) {
        return "\"embedding\": {\"vector\": " + vector(v) + ", \"k\": " + K + extra + "}";
    }

    private static String match(String text) {
        return "{\"match\": {\"text\": " + json(text) + "}}";
    }

    private static String hybrid(String text, float[] v, String fusion, String rerank) {
        return "{\"spi_pyramid\": {"
            + dense(v, "")
            + ", \"hybrid\": {\"lexical\": "
            + match(text)
            + ", \"fusion\": "
            + fusion
            + ", \"window\": "
            + K
            + "}"
            + (rerank == null ? "" : ", \"rerank\": " + rerank)
            + "}}";
    }

    private static List<Pipeline> pipelines() {
        String linearMinMax = "{\"method\": \"linear\", \"normalization\": \"min_max\", \"weights\": [0.5, 0.5]}";
        String linearZ = "{\"method\": \"linear\", \"normalization\": \"z_score\", \"weights\": [0.5, 0.5]}";
        String linearL2 = "{\"method\": \"linear\", \"normalization\": \"l2\", \"weights\": [0.5, 0.5]}";
        return List.of(
            new Pipeline("BM25 (match, english)", (t, v) -> match(t)),
            new Pipeline("pyramid (k 100, depth auto)", (t, v) -> "{\"spi_pyramid\": {" + dense(v, "") + "}}"),
            new Pipeline("pyramid (k 100, exhaustive: depth 3, oversample 60)", (t, v) -> "{\"spi_pyramid\": {" + dense(v, ", \"depth\": 3, \"oversample\": 60") + "}}"),
            new Pipeline("hybrid rrf (k 60, window 100)", (t, v) -> hybrid(t, v, "\"rrf\"", null)),
            new Pipeline("hybrid linear min_max [0.5, 0.5]", (t, v) -> hybrid(t, v, linearMinMax, null)),
            new Pipeline("hybrid linear z_score [0.5, 0.5]", (t, v) -> hybrid(t, v, linearZ, null)),
            new Pipeline("hybrid linear l2 [0.5, 0.5]", (t, v) -> hybrid(t, v, linearL2, null)),
            new Pipeline("hybrid rrf + full_precision", (t, v) -> hybrid(t, v, "\"rrf\"", "[{\"full_precision\": {}}]")),
            new Pipeline("hybrid linear min_max + full_precision", (t, v) -> hybrid(t, v, linearMinMax, "[{\"full_precision\": {}}]")),
            new Pipeline("hybrid linear z_score + full_precision", (t, v) -> hybrid(t, v, linearZ, "[{\"full_precision\": {}}]")),
            new Pipeline(
                "hybrid rrf + full_precision + diversity (lambda 0.1)",
                (t, v) -> hybrid(t, v, "\"rrf\"", "[{\"full_precision\": {}}, {\"diversity\": {\"lambda\": 0.1}}]")
            ),
            new Pipeline(
                "hybrid linear z_score + full_precision + diversity (lambda 0.1)",
                (t, v) -> hybrid(t, v, linearZ, "[{\"full_precision\": {}}, {\"diversity\": {\"lambda\": 0.1}}]")
            )
        );
    }

    private static void load(BenchClient client, TestCollection collection) throws IOException {
        String index = collection.name();
        client.status("DELETE", "/" + index);
        client.call("PUT", "/" + index, """
            {"settings": {"index.pyramid.enabled": true, "number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": -1},
             "mappings": {"properties": {
               "text":      {"type": "text", "analyzer": "english"},
               "embedding": {"type": "pyramid_vector", "dimension": 384, "similarity": "cosine"}}}}""");
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < collection.docs().size(); i++) {
            TestCollection.Doc doc = collection.docs().get(i);
            bulk.append("{\"index\": {\"_id\": ").append(json(doc.id())).append("}}\n");
            bulk.append("{\"text\": ").append(json(doc.text())).append(", \"embedding\": ").append(vector(collection.docVectors()[i])).append("}\n");
            if ((i + 1) % 500 == 0 || i == collection.docs().size() - 1) {
                Map<String, Object> response = client.bulk("/" + index + "/_bulk", bulk.toString());
                if (Boolean.TRUE.equals(response.get("errors"))) {
                    throw new IllegalStateException("bulk into [" + index + "] had errors");
                }
                bulk.setLength(0);
            }
        }
        client.call("POST", "/" + index + "/_refresh", (String) null);
        client.call("POST", "/" + index + "/_forcemerge?max_num_segments=1", (String) null);
        client.call("POST", "/" + index + "/_refresh", (String) null);
    }

    private static double rankEval(BenchClient client, TestCollection collection, Pipeline pipeline, String metric) throws IOException {
        StringBuilder body = new StringBuilder("{\"requests\": [");
        for (int q = 0; q < collection.queries().size(); q++) {
            TestCollection.Query query = collection.queries().get(q);
            if (q > 0) {
                body.append(',');
            }
            body.append("{\"id\": ").append(json(query.id())).append(", \"request\": {\"query\": ");
            body.append(pipeline.template().query(query.text(), collection.queryVectors()[q])).append("}, \"ratings\": [");
            boolean first = true;
            for (Map.Entry<String, Integer> rating : collection.qrels().get(query.id()).entrySet()) {
                body.append(first ? "" : ",");
                first = false;
                body.append("{\"_index\": ").append(json(collection.name())).append(", \"_id\": ").append(json(rating.getKey()));
                body.append(", \"rating\": ").append(rating.getValue()).append('}');
            }
            body.append("]}");
        }
        body.append("], \"metric\": ").append(metric).append('}');
        Map<String, Object> response = client.call("POST", "/" + collection.name() + "/_rank_eval", body.toString());
        Object failures = response.get("failures");
        if (failures instanceof Map<?, ?> map && map.isEmpty() == false) {
            throw new IllegalStateException(pipeline.name() + ": _rank_eval failures " + map);
        }
        return ((Number) response.get("metric_score")).doubleValue();
    }

    private static void write(Path repo, List<Row> rows, String args) throws IOException {
        Path dir = repo.resolve("bench/results/quality");
        Files.createDirectories(dir);
        BenchEnvironment environment = BenchEnvironment.current(repo);
        StringBuilder md = new StringBuilder();
        md.append("# Retrieval quality: BM25, pyramid, hybrid, rerank\n\n");
        md.append("Written by `").append(COMMAND).append(args.isEmpty() ? "" : " " + args).append("` (see its javadoc).\n\n");
        md.append(String.format(Locale.ROOT, "- date: %s%n- machine: %s, %d cpus, %.1f GiB%n- java: %s%n- commit: %s%n", environment.date(), environment.cpuModel(), environment.cpus(), environment.memoryBytes() / (1024.0 * 1024 * 1024), environment.javaVersion(), environment.commit()));
        md.append("- metrics: OpenSearch `_rank_eval` on a real 3.5.0 node: nDCG@10 = `dcg` k 10 normalized, recall@100 = `recall` k 100;\n");
        md.append("  one shard; text field with the `english` analyzer; all-MiniLM-L6-v2 vectors (cosine) in a `pyramid_vector` field.\n");
        md.append("- reference on SciFact test (issue 5, english analyzer): BM25 0.683, exact dense 0.645, plain RRF (k 60) of the two top-100 lists 0.720.\n");
        md.append("- rerank `model` stage: not in this table. No trained cross-encoder is available from Maven Central (the tests use a\n");
        md.append("  tiny one), and MiniLM as a late-interaction scorer costs about 0.5 s per query over a window of 30 on 2 cores.\n");
        String dataset = null;
        for (Row row : rows) {
            if (row.dataset().equals(dataset) == false) {
                dataset = row.dataset();
                md.append("\n## ").append(dataset).append("\n\n| pipeline | nDCG@10 | recall@100 |\n|---|---|---|\n");
            }
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f |%n", row.pipeline(), row.ndcg10(), row.recall100()));
        }
        md.append("\nRequests: `hybrid` queries are `{\"spi_pyramid\": {\"embedding\": {\"vector\": [...], \"k\": 100}, \"hybrid\": {\"lexical\": {\"match\": {\"text\": \"...\"}}, \"fusion\": ..., \"window\": 100}, \"rerank\": [...]}}`.\n");
        Files.writeString(dir.resolve("quality.md"), md.toString(), StandardCharsets.UTF_8);
        StringBuilder jsonl = new StringBuilder();
        for (Row row : rows) {
            try (XContentBuilder builder = JsonXContent.contentBuilder()) {
                builder.startObject().field("dataset", row.dataset()).field("pipeline", row.pipeline());
                builder.field("ndcg_at_10", row.ndcg10()).field("recall_at_100", row.recall100()).field("example_query", row.exampleQuery());
                builder.field("environment");
                environment.toXContent(builder, ToXContent.EMPTY_PARAMS);
                jsonl.append(builder.endObject().toString()).append('\n');
            }
        }
        Files.writeString(dir.resolve("quality.jsonl"), jsonl.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("wrote " + dir.resolve("quality.md"));
    }
}
