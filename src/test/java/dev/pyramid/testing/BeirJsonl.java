package dev.pyramid.testing;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads BEIR's JSON-lines files ({@code corpus.jsonl}: {@code _id, title, text}; {@code queries.jsonl}: {@code _id,
 * text}) and its {@code qrels/*.tsv} (header, then {@code query-id, corpus-id, score}), keeping file order.
 */
public final class BeirJsonl {

    /** One document or query: its id, title (empty for queries) and text. */
    public record Entry(String id, String title, String text) {}

    private BeirJsonl() {}

    /** The first {@code maxRows} entries of a {@code .jsonl} file, in file order. */
    public static List<Entry> read(Path path, int maxRows) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while (entries.size() < maxRows && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> map = XContentHelper.convertToMap(JsonXContent.jsonXContent, line, false);
                Object title = map.get("title");
                entries.add(new Entry((String) map.get("_id"), title == null ? "" : title.toString(), (String) map.get("text")));
            }
        }
        return entries;
    }

    /** Query id to (document id to relevance), in file order of the queries' first appearance. */
    public static Map<String, Map<String, Integer>> qrels(Path path) throws IOException {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split("\t");
            if (parts.length == 3) {
                qrels.computeIfAbsent(parts[0], q -> new LinkedHashMap<>()).put(parts[1], Integer.parseInt(parts[2].trim()));
            }
        }
        return qrels;
    }
}
