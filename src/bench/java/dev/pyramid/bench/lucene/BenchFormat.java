package dev.pyramid.bench.lucene;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;
import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A vectors format under test, with the parameter sweep its users would tune. Every format builds its graph with
 * the same HNSW parameters ({@link #MAX_CONN}, {@link #BEAM_WIDTH}) and one merge worker.
 *
 * @param id          command-line and table name
 * @param format      builds the format for a field of the given dimension
 * @param codeFiles   extensions of the non-float files read for every visited node besides the graph (quantized
 *                    codes); for a pyramid, the level-1 region of {@code .pyc} is counted instead
 * @param sweep       the settings to measure, from cheap to expensive
 */
public record BenchFormat(String id, IntFunction<KnnVectorsFormat> format, List<String> codeFiles, List<SearchSetting> sweep) {

    public static final int MAX_CONN = 16;
    public static final int BEAM_WIDTH = 100;
    public static final int K = 10;

    /** Graph queue sizes swept for the Lucene formats. */
    static final int[] EF = { 10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384 };

    public boolean isPyramid() {
        return id.startsWith("pyramid");
    }

    /** Every format of the benchmark, in table order. */
    public static List<BenchFormat> all() {
        return List.of(
            new BenchFormat("hnsw-float", dims -> new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH), List.of(), lucene(false, true)),
            // int7: Lucene's default scalar quantization (confidence interval from the dimension)
            new BenchFormat(
                "hnsw-int7",
                dims -> new Lucene99HnswScalarQuantizedVectorsFormat(MAX_CONN, BEAM_WIDTH, 1, 7, false, null, null),
                List.of("veq"),
                lucene(true, true)
            ),
            // int4: packed nibbles with a dynamic confidence interval (0), as Elasticsearch's int4_hnsw
            new BenchFormat(
                "hnsw-int4",
                dims -> new Lucene99HnswScalarQuantizedVectorsFormat(MAX_CONN, BEAM_WIDTH, 1, 4, true, 0f, null),
                List.of("veq"),
                lucene(true, true)
            ),
            new BenchFormat(
                "hnsw-bbq",
                dims -> new Lucene102HnswBinaryQuantizedVectorsFormat(MAX_CONN, BEAM_WIDTH, 1, null),
                List.of("veb"),
                lucene(true, false)
            ),
            pyramid("pyramid-default", null),
            pyramid("pyramid-bin-int8-float", dims -> levels(dims, LevelEncoding.BINARY, LevelEncoding.INT8)),
            pyramid("pyramid-bin-float", dims -> levels(dims, LevelEncoding.BINARY)),
            pyramid("pyramid-int4-float", dims -> levels(dims, LevelEncoding.INT4))
        );
    }

    public static BenchFormat byId(String id) {
        return all().stream()
            .filter(f -> f.id.equals(id))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(
                    String.format(Locale.ROOT, "unknown format [%s], expected one of %s", id, all().stream().map(BenchFormat::id).toList())
                )
            );
    }

    private static List<SearchSetting> lucene(boolean withRescore, boolean withPlain) {
        List<SearchSetting> settings = new ArrayList<>();
        for (int ef : EF) {
            if (withPlain) {
                settings.add(new LuceneHnswSetting(ef, false, K));
            }
            if (withRescore) {
                settings.add(new LuceneHnswSetting(ef, true, K));
            }
        }
        return settings;
    }

    private static PyramidLevels levels(int dims, LevelEncoding... coarse) {
        List<LevelSpec> specs = new ArrayList<>();
        for (LevelEncoding encoding : coarse) {
            specs.add(new LevelSpec(dims, encoding));
        }
        specs.add(new LevelSpec(dims, LevelEncoding.FLOAT));
        return PyramidLevels.of(specs, dims);
    }

    /**
     * A pyramid format and its sweep. Depth auto and depth full at the same single oversample factors (the
     * controller's comparison), plus depth full over finer level-1 windows {@code W1} (the recall/QPS frontier): for
     * three levels the factors {@code [W1/k, W2/k]} with {@code W2 = max(W1/2, 1.5k)}, for two levels {@code W1/k}.
     *
     * @param levels null for the default pyramid
     */
    private static BenchFormat pyramid(String id, IntFunction<PyramidLevels> levels) {
        int levelCount = levels == null ? PyramidLevels.defaultFor(384).size() : levels.apply(384).size();
        List<SearchSetting> settings = new ArrayList<>();
        float[] single = levelCount == 3 ? new float[] { 2f, 2.5f, 3f, 4f, 5f, 6f } : new float[] { 2f, 3f, 4f, 6f, 8f, 12f };
        for (int depth : new int[] { SearchPlan.DEPTH_AUTO, Integer.MAX_VALUE }) {
            for (float oversample : single) {
                settings.add(new PyramidSetting(oversample, depth, K));
            }
        }
        for (int window : new int[] { 15, 20, 25, 30, 35, 40, 50, 60, 80, 100, 130, 160, 250 }) {
            float[] factors = levelCount == 3
                ? new float[] { window / (float) K, Math.max(window / 2f, 1.5f * K) / K }
                : new float[] { window / (float) K };
            settings.add(new PyramidSetting(factors, Integer.MAX_VALUE, K, null));
        }
        IntFunction<KnnVectorsFormat> format = dims -> new Pyramid1VectorsFormat(
            levels == null ? LevelsPolicy.defaults() : LevelsPolicy.fixed(levels.apply(dims)),
            MAX_CONN,
            BEAM_WIDTH
        );
        return new BenchFormat(id, format, List.of(), settings);
    }

    @Override
    public String toString() {
        return id + Arrays.toString(codeFiles.toArray());
    }
}
