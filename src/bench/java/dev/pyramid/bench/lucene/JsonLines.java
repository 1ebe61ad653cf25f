package dev.pyramid.bench.lucene;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends result records to a JSON-lines file and reads them back, with OpenSearch's XContent. */
public final class JsonLines {

    private JsonLines() {}

    public static void append(Path file, Map<String, Object> record) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            builder.map(record);
            Files.writeString(
                file,
                builder.toString() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND
            );
        }
    }

    public static List<Map<String, Object>> read(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try (
                XContentParser parser = JsonXContent.jsonXContent.createParser(
                    NamedXContentRegistry.EMPTY,
                    DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                    line
                )
            ) {
                records.add(parser.map());
            }
        }
        return records;
    }
}
