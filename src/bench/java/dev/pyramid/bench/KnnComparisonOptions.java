package dev.pyramid.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@link KnnComparison}'s command line: {@code --name value} pairs (and the flag {@code --quick}), every value checked. */
record KnnComparisonOptions(
    String dataset,
    boolean quick,
    int queries,
    List<String> systems,
    int k,
    int clients,
    String heap,
    String memoryLimit,
    String constrainedHeap,
    int constrainedQueries,
    double constrainedRecall,
    int constrainedSeconds,
    boolean reportOnly,
    String run,
    Path out,
    Path dataDir
) {

    static final List<String> SYSTEMS = List.of("pyramid", "knn-hnsw", "knn-hnsw-sq", "knn-on-disk");

    static final String USAGE = """
        usage: bin/bench KnnComparison --dataset scifact|synthetic-100k|synthetic-300k|synthetic-1m [options]
          --quick                 smoke run: first 20,000 base vectors, 100 queries, a few points per system
          --queries N             the first N queries of the data set (default 500; SciFact has 300)
          --systems A,B           default pyramid,knn-hnsw,knn-hnsw-sq,knn-on-disk
          --k K                   neighbours per query (default 10)
          --clients N             concurrent clients of the second timed pass (default 2)
          --heap 2g               heap of the node that loads and sweeps
          --memory-limit L        off (default) | auto | bytes like 1500m: afterwards, restart the node inside a cgroup v1
                                  memory group with this limit and measure each system at recall >= --constrained-recall
                                  (auto: heap + 450 MB for the rest of the JVM + 1.1 x Pyramid's hot and warm coarse levels)
          --constrained-heap 768m heap of the node in the memory group
          --constrained-queries N queries per timed pass in the memory group (default 300)
          --constrained-recall R  target recall of the points measured there (default 0.95)
          --constrained-seconds S time budget of each pass there (warm-up, 1 and N clients; default 240): a system
                                  taking seconds per query is measured on the queries it answered in that time
          --report-only true      redraw summary.md and the chart from results.jsonl, measure nothing
          --run NAME              results go to OUT/NAME (default: <date>-<dataset>[-quick]); an existing run resumes:
                                  its indices (kept on the node's data dir) and measured points are reused
          --out DIR               default bench/results/knn-comparison
          --data-dir DIR          where synthetic data sets are made (default target/bench-data)
        """;

    private static final Set<String> NAMES = Set.of(
        "dataset",
        "quick",
        "queries",
        "systems",
        "k",
        "clients",
        "heap",
        "memory-limit",
        "constrained-heap",
        "constrained-queries",
        "constrained-recall",
        "constrained-seconds",
        "report-only",
        "run",
        "out",
        "data-dir"
    );

    static KnnComparisonOptions parse(String[] args, Path repo) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") == false) {
                throw new IllegalArgumentException("expected --name value, got [" + args[i] + "]\n" + USAGE);
            }
            String name = args[i].substring(2);
            if (NAMES.contains(name) == false) {
                throw new IllegalArgumentException("unknown option [--" + name + "]\n" + USAGE);
            }
            if (name.equals("quick") && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                values.put(name, "true"); // a flag
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
            }
        }
        String dataset = values.get("dataset");
        if (dataset == null) {
            throw new IllegalArgumentException("--dataset is required\n" + USAGE);
        }
        boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
        List<String> systems = List.of(values.getOrDefault("systems", String.join(",", SYSTEMS)).split(","));
        for (String system : systems) {
            if (SYSTEMS.contains(system) == false) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown system [%s], expected some of %s", system, SYSTEMS));
            }
        }
        String memoryLimit = values.getOrDefault("memory-limit", "off");
        if (memoryLimit.matches("off|auto|[0-9]+[kmg]?") == false) {
            throw new IllegalArgumentException("--memory-limit must be off, auto or bytes like 1500m, got [" + memoryLimit + "]");
        }
        String run = values.getOrDefault(
            "run",
            LocalDate.now(ZoneOffset.UTC) + "-" + dataset + (quick ? "-quick" : "")
        );
        return new KnnComparisonOptions(
            dataset,
            quick,
            BenchOptions.positive(values, "queries", 500),
            systems,
            BenchOptions.positive(values, "k", 10),
            BenchOptions.positive(values, "clients", 2),
            values.getOrDefault("heap", "2g"),
            memoryLimit,
            values.getOrDefault("constrained-heap", "768m"),
            BenchOptions.positive(values, "constrained-queries", 300),
            Double.parseDouble(values.getOrDefault("constrained-recall", "0.95")),
            BenchOptions.positive(values, "constrained-seconds", 240),
            Boolean.parseBoolean(values.getOrDefault("report-only", "false")),
            run,
            repo.resolve(values.getOrDefault("out", "bench/results/knn-comparison")).normalize(),
            repo.resolve(values.getOrDefault("data-dir", "target/bench-data")).normalize()
        );
    }

    /** {@code --memory-limit} in bytes, or -1 for auto, or 0 for off. */
    long memoryLimitBytes() {
        return switch (memoryLimit) {
            case "off" -> 0;
            case "auto" -> -1;
            default -> bytes(memoryLimit);
        };
    }

    static long bytes(String size) {
        String lower = size.toLowerCase(Locale.ROOT);
        char unit = lower.charAt(lower.length() - 1);
        long multiplier = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = Character.isDigit(unit) ? lower : lower.substring(0, lower.length() - 1);
        return Long.parseLong(digits) * multiplier;
    }

    /** The node's data is kept per data set (and quick or not), so that a resumed run finds its indices. */
    String nodeKey() {
        return dataset + (quick ? "-quick" : "");
    }

    @Override
    public String toString() {
        return String.join(" ", Arrays.asList(dataset, quick ? "quick" : "full", systems.toString()));
    }
}
