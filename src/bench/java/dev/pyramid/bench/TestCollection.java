package dev.pyramid.bench;

import dev.pyramid.testing.BeirJsonl;
import dev.pyramid.testing.Fvecs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IR test collection for the quality benchmark: documents (id, text), queries (id, text) with judgments, and the
 * MiniLM vectors of both when the shared data has them (SciFact); CISI has none, {@link MiniLmEmbedder} makes them.
 */
record TestCollection(String name, List<Doc> docs, float[][] docVectors, List<Query> queries, float[][] queryVectors, Map<String, Map<String, Integer>> qrels) {

    record Doc(String id, String text) {}

    record Query(String id, String text) {}

    TestCollection withVectors(float[][] docs, float[][] queries) {
        return new TestCollection(name, this.docs, docs, this.queries, queries, qrels);
    }

    /**
     * BEIR SciFact, test split: 5,183 abstracts (text = title + " " + abstract, as the vectors were made), 300 claims.
     * {@code corpus.fvecs} rows follow {@code corpus.jsonl}, {@code test_queries.fvecs} rows follow the order in which
     * {@code qrels/test.tsv} first names each query; both are checked against the {@code *.ids.txt} files.
     */
    static TestCollection scifact(Path data) throws IOException {
        Path beir = data.resolve("scifact/beir");
        Path vectors = data.resolve("scifact/vectors-all-minilm-l6-v2");
        List<Doc> docs = new ArrayList<>();
        for (BeirJsonl.Entry entry : BeirJsonl.read(beir.resolve("corpus.jsonl"), Integer.MAX_VALUE)) {
            docs.add(new Doc(entry.id(), entry.title() + " " + entry.text()));
        }
        Map<String, String> queryTexts = new LinkedHashMap<>();
        for (BeirJsonl.Entry entry : BeirJsonl.read(beir.resolve("queries.jsonl"), Integer.MAX_VALUE)) {
            queryTexts.put(entry.id(), entry.text());
        }
        Map<String, Map<String, Integer>> qrels = BeirJsonl.qrels(beir.resolve("qrels/test.tsv"));
        List<Query> queries = new ArrayList<>();
        for (String id : qrels.keySet()) {
            queries.add(new Query(id, queryTexts.get(id)));
        }
        requireSameIds("corpus", docs.stream().map(Doc::id).toList(), vectors.resolve("corpus.ids.txt"));
        requireSameIds("test queries", queries.stream().map(Query::id).toList(), vectors.resolve("test_queries.ids.txt"));
        return new TestCollection(
            "scifact",
            docs,
            Fvecs.readFvecs(vectors.resolve("corpus.fvecs")),
            queries,
            Fvecs.readFvecs(vectors.resolve("test_queries.fvecs")),
            qrels
        );
    }

    private static void requireSameIds(String what, List<String> ids, Path idsFile) throws IOException {
        List<String> fileIds = Files.readAllLines(idsFile, StandardCharsets.UTF_8).stream().filter(s -> s.isBlank() == false).toList();
        if (fileIds.equals(ids) == false) {
            throw new IllegalStateException(what + ": row order of the vectors differs from " + idsFile);
        }
    }

    /**
     * CISI (Glasgow files): 1,460 documents (text = .T title + .W abstract), the 76 of 112 queries that have judgments
     * in {@code CISI.REL} (every listed pair is relevant), query text = .T (if any) + .W. No vectors.
     */
    static TestCollection cisi(Path data) throws IOException {
        Path dir = data.resolve("cisi");
        List<Doc> docs = new ArrayList<>();
        for (Map.Entry<String, Map<Character, String>> entry : glasgow(dir.resolve("CISI.ALL")).entrySet()) {
            docs.add(new Doc(entry.getKey(), join(entry.getValue().get('T'), entry.getValue().get('W'))));
        }
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("CISI.REL"), StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2) {
                qrels.computeIfAbsent(parts[0], q -> new LinkedHashMap<>()).put(parts[1], 1);
            }
        }
        List<Query> queries = new ArrayList<>();
        for (Map.Entry<String, Map<Character, String>> entry : glasgow(dir.resolve("CISI.QRY")).entrySet()) {
            if (qrels.containsKey(entry.getKey())) {
                queries.add(new Query(entry.getKey(), join(entry.getValue().get('T'), entry.getValue().get('W'))));
            }
        }
        return new TestCollection("cisi", docs, null, queries, null, qrels);
    }

    /** Reads records of the form {@code .I id}, then sections {@code .T}, {@code .A}, {@code .W}, {@code .X}, ... */
    private static Map<String, Map<Character, String>> glasgow(Path file) throws IOException {
        Map<String, Map<Character, String>> records = new LinkedHashMap<>();
        Map<Character, String> current = null;
        Character section = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith(".I ")) {
                flush(current, section, text);
                current = new LinkedHashMap<>();
                records.put(line.substring(3).trim(), current);
                section = null;
            } else if (line.length() >= 2 && line.charAt(0) == '.' && Character.isUpperCase(line.charAt(1)) && line.trim().length() == 2) {
                flush(current, section, text);
                section = line.charAt(1);
            } else if (section != null) {
                text.append(line.trim()).append(' ');
            }
        }
        flush(current, section, text);
        return records;
    }

    private static void flush(Map<Character, String> record, Character section, StringBuilder text) {
        if (record != null && section != null) {
            record.merge(section, text.toString().trim(), (a, b) -> a + " " + b);
        }
        text.setLength(0);
    }

    private static String join(String title, String body) {
        return ((title == null ? "" : title) + " " + (body == null ? "" : body)).trim();
    }
}
