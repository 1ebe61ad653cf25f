package dev.pyramid.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link SearchBench}'s command line: {@code --name value} pairs, every name known, every value checked.
 */
record BenchOptions(
    Path base,
    Path queries,
    Path groundTruth,
    int baseLimit,
    int queryLimit,
    int k,
    String similarity,
    List<String> systems,
    List<Integer> shards,
    int clients,
    String url,
    String heap,
    boolean forceMerge,
    String sweep,
    Double calibrate,
    String run,
    Path out
) {

    static final String USAGE = """
        usage: bin/bench SearchBench --base BASE.fvecs --queries QUERIES.fvecs [options]
          --gt GT.ivecs          ground truth rows (texmex layout); default: exact mode, brute force over BASE
          --base-limit N         load only the first N base vectors (a quick run; needs exact mode)
          --query-limit N        use the first N queries (default: all)
          --k K                  neighbours per query (default 10)
          --similarity S         cosine | dot_product | l2 (default cosine)
          --systems A,B          systems to run (default pyramid); see BenchSystems
          --shards 1,3           shard counts; one index per system and count (default 1)
          --clients N            concurrent clients of the second timed pass (default 2)
          --url URL              use this running node; default: start one with bin/opensearch-node
          --heap 2g              heap of a started node (default 2g)
          --force-merge B        true | false: merge each index to one segment per shard (default true)
          --sweep SPEC           replace a system's sweep: 'depth=auto,3;oversample=2,5' (cartesian product;
                                 'default' leaves a parameter out)
          --calibrate R          after the sweep, let each system tune itself for recall R (Pyramid: the
                                 calibration API) and measure its tuned points
          --run NAME             results go to OUT/NAME (default: BASE's name and the date)
          --out DIR              default bench/results
        """;

    private static final Set<String> NAMES = Set.of(
        "base",
        "queries",
        "gt",
        "base-limit",
        "query-limit",
        "k",
        "similarity",
        "systems",
        "shards",
        "clients",
        "url",
        "heap",
        "force-merge",
        "sweep",
        "calibrate",
        "run",
        "out"
    );

    static BenchOptions parse(String[] args, Path repo) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") == false || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got [" + args[i] + "]\n" + USAGE);
            }
            String name = args[i].substring(2);
            if (NAMES.contains(name) == false) {
                throw new IllegalArgumentException("unknown option [--" + name + "]\n" + USAGE);
            }
            values.put(name, args[++i]);
        }
        if (values.containsKey("base") == false || values.containsKey("queries") == false) {
            throw new IllegalArgumentException("--base and --queries are required\n" + USAGE);
        }
        if (values.containsKey("base-limit") && values.containsKey("gt")) {
            throw new IllegalArgumentException("--base-limit needs exact mode: a ground truth file refers to the whole base");
        }
        Path base = repo.resolve(values.get("base")).normalize();
        String run = values.getOrDefault(
            "run",
            base.getFileName().toString().replace(".fvecs", "") + "-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
        );
        return new BenchOptions(
            base,
            repo.resolve(values.get("queries")).normalize(),
            values.containsKey("gt") ? repo.resolve(values.get("gt")).normalize() : null,
            positive(values, "base-limit", Integer.MAX_VALUE),
            positive(values, "query-limit", Integer.MAX_VALUE),
            positive(values, "k", 10),
            oneOf(values, "similarity", "cosine", "cosine", "dot_product", "l2"),
            List.of(values.getOrDefault("systems", "pyramid").split(",")),
            Arrays.stream(values.getOrDefault("shards", "1").split(",")).map(s -> Integer.parseInt(s.trim())).toList(),
            positive(values, "clients", 2),
            values.get("url"),
            values.getOrDefault("heap", "2g"),
            Boolean.parseBoolean(oneOf(values, "force-merge", "true", "true", "false")),
            values.get("sweep"),
            values.containsKey("calibrate") ? Double.valueOf(values.get("calibrate")) : null,
            run,
            repo.resolve(values.getOrDefault("out", "bench/results")).normalize()
        );
    }

    /** {@code --name} as an integer above 0, or {@code defaultValue} when absent (shared by the benchmarks' options). */
    static int positive(Map<String, String> values, String name, int defaultValue) {
        if (values.containsKey(name) == false) {
            return defaultValue;
        }
        int value = Integer.parseInt(values.get(name));
        if (value <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--%s must be > 0, got [%d]", name, value));
        }
        return value;
    }

    private static String oneOf(Map<String, String> values, String name, String defaultValue, String... allowed) {
        String value = values.getOrDefault(name, defaultValue);
        if (Arrays.asList(allowed).contains(value) == false) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--%s must be one of %s, got [%s]", name, Arrays.toString(allowed), value));
        }
        return value;
    }

    /** The points of {@code --sweep}, or null when not given: the cartesian product of every parameter's values. */
    List<SweepPoint> sweepPoints() {
        if (sweep == null) {
            return null;
        }
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (String parameter : sweep.split(";")) {
            String[] nameAndValues = parameter.split("=", 2);
            if (nameAndValues.length != 2) {
                throw new IllegalArgumentException("--sweep expects name=v1,v2;name=..., got [" + parameter + "]");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (String value : nameAndValues[1].split(",")) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    if (value.equals("default") == false) {
                        extended.put(nameAndValues[0].trim(), number(value.trim()));
                    }
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(SweepPoint::of).toList();
    }

    private static Object number(String value) {
        try {
            return value.contains(".") ? (Object) Double.parseDouble(value) : (Object) Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
