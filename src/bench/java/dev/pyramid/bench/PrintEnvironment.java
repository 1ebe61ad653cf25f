package dev.pyramid.bench;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** {@code bin/bench PrintEnvironment}: prints the {@link BenchEnvironment} every result file records. */
public final class PrintEnvironment {

    private PrintEnvironment() {}

    public static void main(String[] args) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            BenchEnvironment.current(BenchEnvironment.repoRoot()).toXContent(builder, ToXContent.EMPTY_PARAMS);
            System.out.println(builder.toString());
        }
    }
}
