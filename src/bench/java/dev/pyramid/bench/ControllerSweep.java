package dev.pyramid.bench;

import dev.pyramid.bench.lucene.BenchDataset;
import dev.pyramid.bench.lucene.BenchFormat;
import dev.pyramid.bench.lucene.IndexBuild;
import dev.pyramid.bench.lucene.JsonLines;
import dev.pyramid.bench.lucene.MachineLoad;
import dev.pyramid.bench.lucene.ProfileIndex;
import dev.pyramid.bench.lucene.PyramidSetting;
import dev.pyramid.bench.lucene.SearchSweep;
import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1LevelsReader;
import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.controller.ControllerSettings;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.PyramidLevels;
import dev.pyramid.testing.SharedData;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/bench ControllerSweep [format] [--rebuild]}: measures what the adaptive controller's defaults rest on, on
 * a pyramid benchmark index ({@code pyramid-default} unless named): (1) each coarse level's score error against the
 * exact score, over every query's true top-100 (RMS, bias, 99th percentile of |error|), and (2) recall@10 and vectors
 * scored per query of {@code depth: auto} for several confidence multipliers {@code z} and oversample factors (with the
 * measured or the default level errors, with or without the default traversal slack), beside {@code depth: full}. Work is counted, not timed, so the figures do not depend on the machine's load. Writes
 * {@code bench/results/lucene-formats/controller-<format>.jsonl} and a markdown table beside it.
 */
public final class ControllerSweep {

    private static final float[] Z = { 0.5f, 1f, 1.5f, 2f, 2.5f, 3f };
    private static final float[] OVERSAMPLE = { 2f, 3f, 4f, 6f };

    private ControllerSweep() {}

    public static void main(String[] args) throws Exception {
        BenchFormat format = BenchFormat.byId(args.length > 0 && args[0].startsWith("--") == false ? args[0] : "pyramid-default");
        boolean rebuild = Arrays.asList(args).contains("--rebuild");
        BenchDataset data = BenchDataset.scifactSentences(SharedData.dir(), Integer.MAX_VALUE);
        Path out = BenchEnvironment.repoRoot().resolve("bench/results/lucene-formats/controller-" + format.id() + ".jsonl");
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        BenchEnvironment env = BenchEnvironment.current(BenchEnvironment.repoRoot());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("record", "environment");
        header.put("date", env.date());
        header.put("commit", env.commit());
        header.put("command", "bin/bench ControllerSweep " + String.join(" ", args));
        header.put("load_average", MachineLoad.loadAverage());
        JsonLines.append(out, header);
        try (Directory directory = ProfileIndex.open(format, data, rebuild); DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null);
            SearchSweep sweep = new SearchSweep(searcher, data, BenchFormat.K);
            if (sweep.rowsInDocOrder() == false) {
                throw new IllegalStateException("level errors below read ordinal = row: the index must hold the rows in order");
            }
            LeafReader leaf = reader.leaves().get(0).reader();
            Pyramid1LevelsReader levels = PyramidSegments.reader(leaf, IndexBuild.FIELD).levels();
            PyramidLevels pyramid = levels.levels(IndexBuild.FIELD);
            float[] errors = new float[pyramid.size() - 1];
            for (int level = 1; level < pyramid.size(); level++) {
                Map<String, Object> record = levelError(levels, pyramid, level, data);
                errors[level - 1] = ((Number) record.get("rms_error_top100")).floatValue();
                JsonLines.append(out, record);
                System.err.println(record);
            }
            LevelEncoding[] coarse = new LevelEncoding[pyramid.size() - 1];
            for (int i = 0; i < coarse.length; i++) {
                coarse[i] = pyramid.level(i + 1).encoding();
            }
            ControllerSettings defaults = ControllerSettings.defaults(true, coarse);
            for (float oversample : OVERSAMPLE) {
                sweepPoint(sweep, out, new PyramidSetting(new float[] { oversample }, Integer.MAX_VALUE, BenchFormat.K, null), "full");
                sweepPoint(sweep, out, new PyramidSetting(new float[] { oversample }, SearchPlan.DEPTH_AUTO, BenchFormat.K, null), "defaults");
                for (float z : Z) {
                    ControllerSettings measured = new ControllerSettings(z, errors);
                    sweepPoint(sweep, out, new PyramidSetting(new float[] { oversample }, SearchPlan.DEPTH_AUTO, BenchFormat.K, measured), "measured errors");
                    ControllerSettings defaultErrors = new ControllerSettings(z, defaults.levelErrors());
                    sweepPoint(sweep, out, new PyramidSetting(new float[] { oversample }, SearchPlan.DEPTH_AUTO, BenchFormat.K, defaultErrors), "default errors");
                    ControllerSettings withSlack = new ControllerSettings(z, defaults.levelErrors(), defaults.traversalSlack());
                    sweepPoint(sweep, out, new PyramidSetting(new float[] { oversample }, SearchPlan.DEPTH_AUTO, BenchFormat.K, withSlack), "default errors + slack");
                }
            }
        }
        Path markdown = out.resolveSibling("controller-" + format.id() + ".md");
        Files.writeString(markdown, render(JsonLines.read(out)));
        System.err.println("wrote " + out + " and " + markdown);
    }

    /** One row per sweep point, after the level errors. */
    @SuppressWarnings("unchecked")
    static String render(java.util.List<Map<String, Object>> records) {
        StringBuilder md = new StringBuilder("# Adaptive controller on SciFact sentences (300 queries, recall@10, vectors scored per query)\n\n");
        for (Map<String, Object> r : records) {
            switch ((String) r.get("record")) {
                case "environment" -> md.append(String.format(Locale.ROOT, "- date %s; commit `%s`; command `%s`; load %s (counts do not depend on it)\n\n", r.get("date"), r.get("commit"), r.get("command"), r.get("load_average")));
                case "level_error" -> md.append(
                    String.format(
                        Locale.ROOT,
                        "- level %s %s: estimate - exact over every query's exact top 100: RMS %.4f (top 10: %.4f), mean %.4f, p99 |error| %.4f, max %.4f\n",
                        r.get("level"),
                        r.get("encoding"),
                        ((Number) r.get("rms_error_top100")).doubleValue(),
                        ((Number) r.get("rms_error_top10")).doubleValue(),
                        ((Number) r.get("mean_error_top100")).doubleValue(),
                        ((Number) r.get("p99_abs_error_top100")).doubleValue(),
                        ((Number) r.get("max_abs_error_top100")).doubleValue()
                    )
                );
                default -> {}
            }
        }
        md.append("\n| setting | level errors | recall@10 | visited (level 1) | scored level 2 | scored level 3 | total scored |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : records) {
            if ("controller_sweep".equals(r.get("record"))) {
                Map<String, Object> work = (Map<String, Object>) r.get("work_per_query");
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %s | %.4f | %.0f | %.1f | %.1f | %.0f |\n",
                        r.get("setting"),
                        r.get("errors"),
                        ((Number) r.get("recall_at_10")).doubleValue(),
                        value(work, "visited"),
                        value(work, "scored_level_2"),
                        value(work, "scored_level_3"),
                        value(work, "total_scored")
                    )
                );
            }
        }
        return md.toString();
    }

    private static double value(Map<String, Object> work, String key) {
        Object v = work.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static void sweepPoint(SearchSweep sweep, Path out, PyramidSetting setting, String errors) throws java.io.IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record", "controller_sweep");
        record.put("errors", errors);
        record.putAll(sweep.measure(setting, 0, 1));
        JsonLines.append(out, record);
        System.err.printf(
            Locale.ROOT,
            "%-40s %-16s recall@10 %.4f  work %s%n",
            setting.label(),
            errors,
            ((Number) record.get("recall_at_10")).doubleValue(),
            record.get("work_per_query")
        );
    }

    /** Error of level {@code level}'s estimates against the exact score, over every query's true top 100. */
    private static Map<String, Object> levelError(Pyramid1LevelsReader levels, PyramidLevels pyramid, int level, BenchDataset data)
        throws java.io.IOException {
        int n = data.queries().length * 100;
        double[] absErrors = new double[n];
        double sumSquares = 0;
        double sumSquaresTop10 = 0;
        double sum = 0;
        int i = 0;
        for (int q = 0; q < data.queries().length; q++) {
            float[] query = data.queries()[q];
            RandomVectorScorer estimate = levels.levelScorer(IndexBuild.FIELD, level, query);
            RandomVectorScorer exact = levels.fullPrecisionScorer(IndexBuild.FIELD, query);
            int[] truth = data.groundTruth()[q];
            for (int rank = 0; rank < 100; rank++) {
                // one force-merged segment written in row order: ordinal = doc = row
                double error = estimate.score(truth[rank]) - exact.score(truth[rank]);
                sum += error;
                sumSquares += error * error;
                if (rank < 10) {
                    sumSquaresTop10 += error * error;
                }
                absErrors[i++] = Math.abs(error);
            }
        }
        Arrays.sort(absErrors);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record", "level_error");
        record.put("level", level);
        record.put("encoding", pyramid.level(level).toString());
        record.put("rms_error_top100", Math.sqrt(sumSquares / n));
        record.put("rms_error_top10", Math.sqrt(sumSquaresTop10 / (data.queries().length * 10)));
        record.put("mean_error_top100", sum / n);
        record.put("p99_abs_error_top100", absErrors[(int) (0.99 * n)]);
        record.put("max_abs_error_top100", absErrors[n - 1]);
        return record;
    }
}
