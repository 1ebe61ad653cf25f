package dev.pyramid.bench;

import dev.pyramid.testing.Fvecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark data set by name: base vectors, queries and the exact top-100 neighbours of each query.
 * <ul>
 *   <li>{@code scifact}: the 45,952 SciFact abstract sentences and the 300 test claims (all-MiniLM-L6-v2, real
 *       embeddings) from the shared data;</li>
 *   <li>{@code synthetic-100k}, {@code synthetic-300k}, {@code synthetic-1m} (any {@code synthetic-<n>[k|m]}): the
 *       {@link SyntheticDataset synthetic} clustered set at that size, made on first use under the data directory.</li>
 * </ul>
 * A <em>quick</em> variant keeps the first {@value #QUICK_BASE} base rows and at most {@value #QUICK_QUERIES} queries,
 * and computes their ground truth exactly ({@link ExactNeighbors}) since the files' rows refer to the whole base.
 *
 * @param baseLimit  base rows used (all when {@link Integer#MAX_VALUE})
 * @param queryLimit queries used (all when {@link Integer#MAX_VALUE})
 */
record BenchDataset(String name, boolean synthetic, Path base, Path queries, Path groundTruth, int baseLimit, int queryLimit) {

    static final int QUICK_BASE = 20_000;
    static final int QUICK_QUERIES = 100;
    static final List<String> NAMES = List.of("scifact", "synthetic-100k", "synthetic-300k", "synthetic-1m");

    private static final String SCIFACT = "scifact/vectors-all-minilm-l6-v2/";

    /** The vectors and truth, read into memory. */
    record Vectors(float[][] base, float[][] queries, int[][] truth) {}

    /**
     * @param queryLimit the first queries to use (at most {@value #QUICK_QUERIES} when quick)
     * @param sharedData the shared data directory (for {@code scifact})
     * @param dataDir    where synthetic sets are made and cached
     */
    static BenchDataset resolve(String name, boolean quick, int queryLimit, Path sharedData, Path dataDir) throws IOException,
        InterruptedException {
        int baseLimit = quick ? QUICK_BASE : Integer.MAX_VALUE;
        queryLimit = quick ? Math.min(QUICK_QUERIES, queryLimit) : queryLimit;
        if (name.equals("scifact")) {
            Path dir = sharedData.resolve(SCIFACT);
            return new BenchDataset(
                name,
                false,
                existing(dir.resolve("corpus_sentences.fvecs")),
                existing(dir.resolve("test_queries.fvecs")),
                existing(dir.resolve("test_queries.gt100.corpus_sentences.ivecs")),
                baseLimit,
                queryLimit
            );
        }
        if (name.startsWith("synthetic-")) {
            SyntheticDataset synthetic = SyntheticDataset.of(parseCount(name.substring("synthetic-".length())));
            synthetic.materialize(dataDir);
            return new BenchDataset(
                name,
                true,
                synthetic.base(dataDir),
                synthetic.queries(dataDir),
                synthetic.groundTruth(dataDir),
                baseLimit,
                queryLimit
            );
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown dataset [%s], expected one of %s", name, NAMES));
    }

    /** {@code 100k} = 100,000; {@code 1m} = 1,000,000; a plain number as it is. */
    static int parseCount(String count) {
        String lower = count.toLowerCase(Locale.ROOT);
        long multiplier = lower.endsWith("k") ? 1_000 : lower.endsWith("m") ? 1_000_000 : 1;
        String digits = multiplier == 1 ? lower : lower.substring(0, lower.length() - 1);
        try {
            long value = Long.parseLong(digits) * multiplier;
            if (value <= 0 || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a count like 100k or 1m, got [" + count + "]");
        }
    }

    boolean quick() {
        return baseLimit != Integer.MAX_VALUE;
    }

    Vectors read() throws IOException, InterruptedException {
        float[][] baseRows = Fvecs.readFvecs(base, baseLimit);
        float[][] queryRows = Fvecs.readFvecs(queries, queryLimit);
        int[][] truth;
        if (quick()) {
            truth = ExactNeighbors.topK(queryRows, baseRows, Math.min(100, baseRows.length), Runtime.getRuntime().availableProcessors());
        } else {
            truth = Fvecs.readIvecs(groundTruth, queryRows.length);
            if (truth.length < queryRows.length) {
                throw new IOException(String.format(Locale.ROOT, "%s has fewer rows than the %d queries", groundTruth, queryRows.length));
            }
        }
        return new Vectors(baseRows, queryRows, truth);
    }

    /** What results record about the data set. */
    Map<String, Object> describe(Vectors vectors) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name + (quick() ? " (quick)" : ""));
        description.put("synthetic", synthetic);
        description.put("base", base.toString());
        description.put("queries", queries.toString());
        description.put("ground_truth", quick() ? "exact, computed for the quick subset" : groundTruth.toString());
        description.put("docs", vectors.base().length);
        description.put("dims", vectors.base()[0].length);
        description.put("query_count", vectors.queries().length);
        return description;
    }

    private static Path existing(Path path) throws IOException {
        if (Files.exists(path) == false) {
            throw new IOException("data file not found: " + path + " (the shared data lives beside the repository, see its README)");
        }
        return path;
    }
}
