package dev.pyramid.bench;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code results.jsonl} that survives interruptions: every result is appended (one JSON object per line, with
 * a {@code type}) as soon as it is measured, and a run started again in the same directory reads what is there and
 * carries on. A line cut off by a crash is dropped when read.
 */
final class ResultsLog {

    private final Path file;
    private final List<Map<String, Object>> lines = new ArrayList<>();

    ResultsLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("results.jsonl");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() == false && line.endsWith("}")) {
                    lines.add(BenchClient.parse(line));
                }
            }
        }
    }

    Path dir() {
        return file.getParent();
    }

    /** Everything read and appended so far, in order. */
    List<Map<String, Object>> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one type. */
    List<Map<String, Object>> ofType(String type) {
        return lines.stream().filter(line -> type.equals(line.get("type"))).toList();
    }

    void append(ToXContentObject line) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            line.toXContent(builder, ToXContent.EMPTY_PARAMS);
            String json = builder.toString();
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            lines.add(BenchClient.parse(json));
        }
    }

    void append(Map<String, Object> line) throws IOException {
        append((builder, params) -> builder.map(line));
    }
}
