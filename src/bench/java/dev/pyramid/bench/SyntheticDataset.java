package dev.pyramid.bench;

import dev.pyramid.testing.Fvecs;

import org.apache.lucene.util.VectorUtil;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A <b>synthetic</b> clustered data set ({@link SyntheticClusters}) on disk, in the layout of the shared data:
 * {@code base.fvecs}, {@code queries.fvecs} and {@code gt100.ivecs} (exact top 100 base rows by inner product per
 * query, {@link ExactNeighbors}), with {@code dataset.json} recording every parameter. The files live in a directory
 * named by the parameters under a data directory outside the repository's sources (default
 * {@code target/bench-data}), so they are made once and reused until a parameter or {@link SyntheticClusters#VERSION}
 * changes.
 *
 * <pre>
 *   bin/bench SyntheticDataset --n 100000 [--queries 1000] [--data-dir DIR]
 *                              [--dims --centers --subcenters --alpha --mean-norm --tau --sigma --seed: see DEFAULT_SHAPE]
 * </pre>
 * prints the directory and the data set's neighbour profile (mean similarity of the 1st, 10th and 100th true neighbour,
 * and of random pairs), the numbers to compare with real embeddings.
 */
public record SyntheticDataset(int n, int queryCount, SyntheticClusters.Shape shape) {

    public static final int GROUND_TRUTH_K = 100;
    public static final int DEFAULT_QUERIES = 1000;
    /** The shape of the benchmarks' synthetic sets; its neighbour profile is in the results' README. */
    public static final SyntheticClusters.Shape DEFAULT_SHAPE = new SyntheticClusters.Shape(384, 2048, 16, 0.6, 0.5, 0.8, 0.8, 42);

    /** The default shape and query count at {@code n} base rows. */
    public static SyntheticDataset of(int n) {
        return new SyntheticDataset(n, DEFAULT_QUERIES, DEFAULT_SHAPE);
    }

    /** E.g. {@code synthetic-clusters-v1-n100000-q1000-d384-c2048x16-a0.6-m0.5-t0.8-s0.8-seed42}. */
    public String directoryName() {
        return String.format(
            Locale.ROOT,
            "synthetic-clusters-v%d-n%d-q%d-d%d-c%dx%d-a%s-m%s-t%s-s%s-seed%d",
            SyntheticClusters.VERSION,
            n,
            queryCount,
            shape.dims(),
            shape.centers(),
            shape.subcenters(),
            shape.alpha(),
            shape.meanNorm(),
            shape.tau(),
            shape.sigma(),
            shape.seed()
        );
    }

    public Path base(Path dataDir) {
        return dataDir.resolve(directoryName()).resolve("base.fvecs");
    }

    public Path queries(Path dataDir) {
        return dataDir.resolve(directoryName()).resolve("queries.fvecs");
    }

    public Path groundTruth(Path dataDir) {
        return dataDir.resolve(directoryName()).resolve("gt100.ivecs");
    }

    /** Makes the files unless a complete set with these parameters exists; returns their directory. */
    public Path materialize(Path dataDir) throws IOException, InterruptedException {
        Path dir = dataDir.resolve(directoryName());
        if (Files.exists(dir.resolve("dataset.json"))) {
            return dir;
        }
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(directoryName() + ".tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        long start = System.nanoTime();
        SyntheticClusters clusters = new SyntheticClusters(shape);
        float[][] base = clusters.base(n);
        float[][] queries = clusters.queries(queryCount);
        System.err.printf(Locale.ROOT, "%s: generated %d + %d vectors in %.1fs%n", directoryName(), n, queryCount, seconds(start));
        VectorFileWriter.writeFvecs(tmp.resolve("base.fvecs"), base);
        VectorFileWriter.writeFvecs(tmp.resolve("queries.fvecs"), queries);
        long truthStart = System.nanoTime();
        int[][] truth = ExactNeighbors.topK(queries, base, Math.min(GROUND_TRUTH_K, n), Runtime.getRuntime().availableProcessors());
        System.err.printf(Locale.ROOT, "%s: exact top %d in %.1fs%n", directoryName(), GROUND_TRUTH_K, seconds(truthStart));
        VectorFileWriter.writeIvecs(tmp.resolve("gt100.ivecs"), truth);
        Files.writeString(tmp.resolve("dataset.json"), describe(profile(base, queries, truth)));
        deleteRecursively(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    private String describe(Map<String, Object> profile) throws IOException {
        try (XContentBuilder builder = JsonXContent.contentBuilder().prettyPrint()) {
            builder.startObject()
                .field("synthetic", true)
                .field("generator", SyntheticClusters.class.getName())
                .field("version", SyntheticClusters.VERSION)
                .field("n", n)
                .field("queries", queryCount)
                .field("dims", shape.dims())
                .field("centers", shape.centers())
                .field("subcenters", shape.subcenters())
                .field("alpha", shape.alpha())
                .field("mean_norm", shape.meanNorm())
                .field("tau", shape.tau())
                .field("sigma", shape.sigma())
                .field("seed", shape.seed())
                .field("ground_truth", "exact top " + GROUND_TRUTH_K + " by inner product (unit vectors: cosine)")
                .field("neighbour_profile", profile)
                .endObject();
            return builder.toString();
        }
    }

    /**
     * Mean inner product of each query with its 1st, 10th and 100th true neighbour, and of 10,000 random
     * (query, base row) pairs (seeded).
     */
    static Map<String, Object> profile(float[][] base, float[][] queries, int[][] truth) {
        double[] atRank = new double[3];
        int[] ranks = { 0, 9, 99 };
        for (int q = 0; q < queries.length; q++) {
            for (int r = 0; r < ranks.length; r++) {
                int rank = Math.min(ranks[r], truth[q].length - 1);
                atRank[r] += VectorUtil.dotProduct(queries[q], base[truth[q][rank]]);
            }
        }
        SplittableRandom random = new SplittableRandom(0);
        double randomPairs = 0;
        int pairs = 10_000;
        for (int i = 0; i < pairs; i++) {
            randomPairs += VectorUtil.dotProduct(queries[random.nextInt(queries.length)], base[random.nextInt(base.length)]);
        }
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("mean_similarity_rank_1", atRank[0] / queries.length);
        profile.put("mean_similarity_rank_10", atRank[1] / queries.length);
        profile.put("mean_similarity_rank_100", atRank[2] / queries.length);
        profile.put("mean_similarity_random_pair", randomPairs / pairs);
        return profile;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir) == false) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].startsWith("--") == false) {
                throw new IllegalArgumentException("expected --name value, got [" + args[i] + "]");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (options.containsKey("describe")) {
            // --describe BASE.fvecs,QUERIES.fvecs,GT.ivecs: the same profile of any data set, e.g. real embeddings
            String[] files = options.get("describe").split(",");
            System.out.println(
                profile(Fvecs.readFvecs(Path.of(files[0])), Fvecs.readFvecs(Path.of(files[1])), Fvecs.readIvecs(Path.of(files[2])))
            );
            return;
        }
        SyntheticClusters.Shape d = DEFAULT_SHAPE;
        SyntheticDataset dataset = new SyntheticDataset(
            Integer.parseInt(options.getOrDefault("n", "100000")),
            Integer.parseInt(options.getOrDefault("queries", Integer.toString(DEFAULT_QUERIES))),
            new SyntheticClusters.Shape(
                Integer.parseInt(options.getOrDefault("dims", Integer.toString(d.dims()))),
                Integer.parseInt(options.getOrDefault("centers", Integer.toString(d.centers()))),
                Integer.parseInt(options.getOrDefault("subcenters", Integer.toString(d.subcenters()))),
                Double.parseDouble(options.getOrDefault("alpha", Double.toString(d.alpha()))),
                Double.parseDouble(options.getOrDefault("mean-norm", Double.toString(d.meanNorm()))),
                Double.parseDouble(options.getOrDefault("tau", Double.toString(d.tau()))),
                Double.parseDouble(options.getOrDefault("sigma", Double.toString(d.sigma()))),
                Long.parseLong(options.getOrDefault("seed", Long.toString(d.seed())))
            )
        );
        Path dataDir = BenchEnvironment.repoRoot().resolve(options.getOrDefault("data-dir", "target/bench-data"));
        Path dir = dataset.materialize(dataDir);
        System.out.println(dir);
        System.out.println(Files.readString(dir.resolve("dataset.json")));
    }
}
