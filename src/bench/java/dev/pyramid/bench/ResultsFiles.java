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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's files under {@code bench/results/<run>/}: {@code results.jsonl} (one JSON object per line, appended as soon
 * as it is measured, so a run cut short keeps what it had), {@code summary.md} (a table of the points), and the
 * charts ({@link RecallCharts}).
 */
final class ResultsFiles {

    private final Path dir;

    ResultsFiles(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("results.jsonl"));
    }

    Path dir() {
        return dir;
    }

    void append(ToXContentObject line) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder()) {
            line.toXContent(builder, ToXContent.EMPTY_PARAMS);
            Files.writeString(
                dir.resolve("results.jsonl"),
                builder.toString() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND
            );
        }
    }

    void summary(String command, BenchEnvironment environment, List<PointResult> points, List<String> notes, int maxClients) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark run ").append(points.isEmpty() ? "" : points.get(0).run()).append("\n\n");
        md.append("Written by `bin/bench SearchBench` (").append(SearchBench.class.getName()).append(").\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "Machine: %s, %d cpus, %.1f GiB; %s; commit %s; %s\n\n",
                environment.cpuModel(),
                environment.cpus(),
                environment.memoryBytes() / (double) (1L << 30),
                environment.javaVersion(),
                environment.commit(),
                environment.date()
            )
        );
        if (points.isEmpty() == false) {
            md.append("Dataset: ").append(points.get(0).dataset()).append("\n\n");
        }
        md.append("Server ms: mean over queries of the profiled search work (rewrite + query time, summed over shards), each query ")
            .append("counted with its least time over " + PointMeasurement.PROFILE_ROUNDS + " profiled passes. ");
        md.append("Floor: the same request shape with a query matching nothing. Stopped at: share of shard searches by the level they ");
        md.append("stopped at (node counters over the profiled passes).\n\n");
        md.append(
            String.format(
                Locale.ROOT,
                "| system | shards | params | recall@k | QPS 1c | p50 ms | p99 ms | QPS %dc | p99 ms %dc | server ms | floor p50 ms | floor server ms | stopped at |%n",
                maxClients,
                maxClients
            )
        );
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PointResult p : points) {
            QueryPass.Timing one = p.timing(1);
            QueryPass.Timing many = p.timing(maxClients);
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %.4f | %.1f | %.2f | %.2f | %.1f | %.2f | %.3f | %.2f | %.3f | %s |%n",
                    p.system(),
                    p.index().shards(),
                    p.point().label(),
                    p.recall(),
                    one.qps(),
                    one.p50Millis(),
                    one.p99Millis(),
                    many.qps(),
                    many.p99Millis(),
                    p.serverMillis(),
                    p.floor().p50Millis(),
                    p.floorServerMillis(),
                    stoppedShares(p.counters())
                )
            );
        }
        for (String note : notes) {
            md.append("\n").append(note).append("\n");
        }
        Files.writeString(dir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /** E.g. {@code L1 12%, L2 70%, L3 18%} from counters named {@code stopped_at_level.<n>}. */
    static String stoppedShares(Map<String, Long> counters) {
        long total = counters.entrySet().stream().filter(e -> e.getKey().startsWith("stopped_at_level.")).mapToLong(Map.Entry::getValue).sum();
        if (total == 0) {
            return "";
        }
        return counters.entrySet()
            .stream()
            .filter(e -> e.getKey().startsWith("stopped_at_level.") && e.getValue() > 0)
            .map(e -> String.format(Locale.ROOT, "L%s %.0f%%", e.getKey().substring("stopped_at_level.".length()), 100.0 * e.getValue() / total))
            .collect(Collectors.joining(", "));
    }
}
