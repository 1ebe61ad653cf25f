package dev.pyramid.testing;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts of the shared SciFact data, in the row order of the reference vectors: an abstract is embedded as
 * {@code title + " " + text} (see shared/data/README.md), a query as its text.
 */
public final class SciFactTexts {

    private SciFactTexts() {}

    /** The first {@code count} abstracts, as the reference corpus vectors embed them. */
    public static List<String> corpus(int count) throws IOException {
        List<String> texts = new ArrayList<>(count);
        for (Map<String, Object> doc : read("scifact/beir/corpus.jsonl", count)) {
            texts.add(doc.get("title") + " " + doc.get("text"));
        }
        return texts;
    }

    /** The first {@code count} queries (claims) of queries.jsonl, in the row order of {@code queries.fvecs}. */
    public static List<String> queries(int count) throws IOException {
        List<String> texts = new ArrayList<>(count);
        for (Map<String, Object> query : read("scifact/beir/queries.jsonl", count)) {
            texts.add((String) query.get("text"));
        }
        return texts;
    }

    /** Every abstract by its id, as {@code title + " " + text}. */
    public static Map<String, String> corpusById() throws IOException {
        Map<String, String> texts = new HashMap<>();
        for (Map<String, Object> doc : read("scifact/beir/corpus.jsonl", Integer.MAX_VALUE)) {
            texts.put((String) doc.get("_id"), doc.get("title") + " " + doc.get("text"));
        }
        return texts;
    }

    /** Every query (claim) by its id. */
    public static Map<String, String> queriesById() throws IOException {
        Map<String, String> texts = new HashMap<>();
        for (Map<String, Object> query : read("scifact/beir/queries.jsonl", Integer.MAX_VALUE)) {
            texts.put((String) query.get("_id"), (String) query.get("text"));
        }
        return texts;
    }

    /** The test judgments: query id to the ids of its relevant abstracts, in file order. */
    public static Map<String, List<String>> testQrels() throws IOException {
        Map<String, List<String>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(SharedData.path("scifact/beir/qrels/test.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split("\t");
            qrels.computeIfAbsent(columns[0], q -> new ArrayList<>()).add(columns[1]);
        }
        return qrels;
    }

    private static List<Map<String, Object>> read(String file, int count) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(SharedData.path(file), StandardCharsets.UTF_8)) {
            String line;
            while (rows.size() < count && (line = reader.readLine()) != null) {
                rows.add(XContentHelper.convertToMap(JsonXContent.jsonXContent, line, false));
            }
        }
        return rows;
    }
}
