package dev.pyramid.bench;

import dev.pyramid.bench.lucene.BenchDataset;
import dev.pyramid.bench.lucene.BenchFormat;
import dev.pyramid.bench.lucene.IndexBuild;
import dev.pyramid.bench.lucene.IndexFootprint;
import dev.pyramid.bench.lucene.JsonLines;
import dev.pyramid.bench.lucene.MachineLoad;
import dev.pyramid.bench.lucene.MatchedRecallTable;
import dev.pyramid.bench.lucene.SearchSetting;
import dev.pyramid.bench.lucene.SearchSweep;
import dev.pyramid.testing.SharedData;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench LuceneFormatsBenchmark [options]}: in-JVM Lucene (no OpenSearch node) benchmark of the Pyramid1
 * format against Lucene's HNSW formats on SciFact sentences (issue 3, point 7). For each format it builds a
 * one-segment index ({@link IndexBuild}), measures its bytes per vector ({@link IndexFootprint}) and sweeps the
 * format's search parameters single-threaded ({@link SearchSweep}); every format runs in a fresh JVM so that one
 * format's JIT profile does not slow another's. Results: {@code bench/results/lucene-formats/<tag>.jsonl} (one JSON
 * record per line) and {@code <tag>.md} (tables, QPS at matched recall: {@link MatchedRecallTable}).
 *
 * <p>Options: {@code --formats id,id} (default all: {@link BenchFormat#all()}), {@code --tag name} (default
 * {@code latest}), {@code --reps n} (timed passes per setting, default 5), {@code --warmup n} (untimed passes per
 * setting, default 2), {@code --queries n} (default all 300), {@code --skip-ground-truth-check},
 * {@code --summarize} (only rewrite the markdown from an existing {@code .jsonl}).
 */
public final class LuceneFormatsBenchmark {

    private LuceneFormatsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.child != null) {
            runFormat(options);
        } else {
            drive(options, args);
        }
    }

    private static void drive(Options options, String[] args) throws Exception {
        Path repo = BenchEnvironment.repoRoot();
        Path outDir = repo.resolve("bench/results/lucene-formats");
        Files.createDirectories(outDir);
        Path jsonl = outDir.resolve(options.tag + ".jsonl");
        Path markdown = outDir.resolve(options.tag + ".md");
        if (options.summarizeOnly == false) {
            Files.deleteIfExists(jsonl);
            JsonLines.append(jsonl, environmentRecord(repo, args));
            BenchDataset data = BenchDataset.scifactSentences(SharedData.dir(), options.queries);
            System.err.println("dataset: " + data);
            if (options.checkGroundTruth) {
                long start = System.nanoTime();
                Map<String, Object> check = new LinkedHashMap<>(data.verifyGroundTruth(BenchFormat.K));
                check.put("seconds", (System.nanoTime() - start) / 1e9);
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("record", "ground_truth_check");
                record.putAll(check);
                JsonLines.append(jsonl, record);
                System.err.println("ground truth: " + check);
            }
            for (String format : options.formats) {
                runChild(repo, format, jsonl, options);
            }
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("record", "end");
            end.put("load_average", MachineLoad.loadAverage());
            JsonLines.append(jsonl, end);
        }
        String table = MatchedRecallTable.render(JsonLines.read(jsonl), commandLine(args));
        Files.writeString(markdown, table, StandardCharsets.UTF_8);
        System.err.println("wrote " + jsonl + " and " + markdown);
    }

    private static Map<String, Object> environmentRecord(Path repo, String[] args) {
        BenchEnvironment env = BenchEnvironment.current(repo);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record", "environment");
        record.put("date", env.date());
        record.put("cpu_model", env.cpuModel());
        record.put("cpus", env.cpus());
        record.put("memory_bytes", env.memoryBytes());
        record.put("java", env.javaVersion());
        record.put("commit", env.commit());
        record.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        record.put("command", commandLine(args));
        record.put("load_average", MachineLoad.loadAverage());
        return record;
    }

    private static String commandLine(String[] args) {
        return ("bin/bench LuceneFormatsBenchmark " + String.join(" ", args)).trim();
    }

    /** Runs one format in a fresh JVM with this JVM's flags and class path. */
    private static void runChild(Path repo, String format, Path jsonl, Options options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LuceneFormatsBenchmark.class.getName());
        command.addAll(
            List.of(
                "--child",
                format,
                "--out-file",
                jsonl.toString(),
                "--reps",
                Integer.toString(options.reps),
                "--warmup",
                Integer.toString(options.warmup),
                "--queries",
                Integer.toString(options.queries)
            )
        );
        System.err.println("== " + format);
        Process process = new ProcessBuilder(command).directory(repo.toFile()).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("format [" + format + "] failed with exit code " + exit);
        }
    }

    private static void runFormat(Options options) throws IOException {
        BenchFormat format = BenchFormat.byId(options.child);
        BenchDataset data = BenchDataset.scifactSentences(SharedData.dir(), options.queries);
        Path indexDir = BenchEnvironment.repoRoot().resolve("target/bench-indices/" + format.id());
        IOUtils.rm(indexDir);
        Files.createDirectories(indexDir);
        try (Directory directory = FSDirectory.open(indexDir)) {
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("record", "build");
            build.put("format", format.id());
            build.put("load_average_before", MachineLoad.loadAverage());
            build.put("lucene_format", format.format().apply(data.dimension()).toString());
            build.put("vectors", data.corpus().length);
            build.put("dimension", data.dimension());
            build.put("max_conn", BenchFormat.MAX_CONN);
            build.put("beam_width", BenchFormat.BEAM_WIDTH);
            build.putAll(IndexBuild.build(directory, format.format().apply(data.dimension()), data.corpus()));
            build.put("load_average_after", MachineLoad.loadAverage());
            System.err.printf(Locale.ROOT, "%s: built in %.1f s%n", format.id(), ((Number) build.get("build_ms")).doubleValue() / 1000);
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                build.putAll(IndexFootprint.measure(directory, reader, format, data.corpus().length));
                JsonLines.append(options.outFile, build);
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                SearchSweep sweep = new SearchSweep(searcher, data, BenchFormat.K);
                // a first warm-up over the whole sweep, so that every setting runs on compiled code
                for (SearchSetting setting : format.sweep()) {
                    sweep.measure(setting, 1, 1);
                }
                for (SearchSetting setting : format.sweep()) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("record", "search");
                    record.put("format", format.id());
                    record.put("load_average_before", MachineLoad.loadAverage());
                    record.putAll(sweep.measure(setting, options.warmup, options.reps));
                    JsonLines.append(options.outFile, record);
                    System.err.printf(
                        Locale.ROOT,
                        "%s %-24s recall@10 %.4f  %8.0f QPS  work %s%n",
                        format.id(),
                        setting.label(),
                        ((Number) record.get("recall_at_10")).doubleValue(),
                        ((Number) record.get("qps")).doubleValue(),
                        record.get("work_per_query")
                    );
                }
            }
        } finally {
            IOUtils.rm(indexDir);
        }
    }

    private static final class Options {
        List<String> formats = BenchFormat.all().stream().map(BenchFormat::id).toList();
        String tag = "latest";
        int reps = 5;
        int warmup = 2;
        int queries = Integer.MAX_VALUE;
        boolean checkGroundTruth = true;
        boolean summarizeOnly;
        String child;
        Path outFile;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--formats" -> options.formats = Arrays.asList(value(args, ++i, arg).split(","));
                    case "--tag" -> options.tag = value(args, ++i, arg);
                    case "--reps" -> options.reps = Integer.parseInt(value(args, ++i, arg));
                    case "--warmup" -> options.warmup = Integer.parseInt(value(args, ++i, arg));
                    case "--queries" -> options.queries = Integer.parseInt(value(args, ++i, arg));
                    case "--skip-ground-truth-check" -> options.checkGroundTruth = false;
                    case "--summarize" -> options.summarizeOnly = true;
                    case "--child" -> options.child = value(args, ++i, arg);
                    case "--out-file" -> options.outFile = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option [" + arg + "]");
                }
            }
            options.formats.forEach(BenchFormat::byId);
            return options;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException("option [" + option + "] needs a value");
            }
            return args[i];
        }
    }
}
