package dev.pyramid.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The k-NN plugin's Lucene engine (3.5.0.0), the peer Pyramid is compared with on the same node. Every variant builds
 * the same HNSW graph as Pyramid's ({@code m} {@value #M}, {@code ef_construction} {@value #EF_CONSTRUCTION}) with the
 * {@code innerproduct} space (the vectors are unit length, so it ranks as cosine with the plain dot-product kernel):
 * <ul>
 *   <li>{@link Variant#HNSW_FLOAT}: the graph over float32 vectors;</li>
 *   <li>{@link Variant#HNSW_SQ}: the graph over Lucene's int7 scalar-quantized codes ({@code encoder: sq}),
 *       answers scored by the codes;</li>
 *   <li>{@link Variant#ON_DISK}: {@code mode: on_disk}, which on the Lucene engine means compression {@code 4x}
 *       (int7 codes, the only quantized level the engine has: {@code 8x}, {@code 16x} and {@code 32x} are refused
 *       for it, and {@code 1x} is refused with {@code on_disk}) and the candidates rescored with the floats.</li>
 * </ul>
 * faiss is out of scope: the peer zip on Maven Central ships no faiss native library. The sweep is over
 * {@code method_parameters.ef_search} (the Lucene engine's candidate queue; the plugin searches with
 * {@code max(k, ef_search)} and keeps the best {@code k}) and, for on_disk, {@code rescore.oversample_factor}
 * (the quantized pass searches with {@code max(ef_search, k · factor)} and the best {@code k · factor} of its
 * candidates are rescored with the floats). The {@code innerproduct} space assumes unit-length vectors, as every
 * data set here has.
 */
final class KnnLuceneSystem implements BenchSystem {

    static final int M = 16;
    static final int EF_CONSTRUCTION = 100;
    private static final int[] EF_SEARCH = { 10, 16, 24, 32, 48, 64, 100, 160, 256, 400 };
    private static final double ON_DISK_FACTOR = 3.0;

    enum Variant {
        HNSW_FLOAT("knn-hnsw", VectorFootprint.Layout.KNN_FLOAT),
        HNSW_SQ("knn-hnsw-sq", VectorFootprint.Layout.KNN_QUANTIZED),
        ON_DISK("knn-on-disk", VectorFootprint.Layout.KNN_QUANTIZED_RESCORED);

        final String systemName;
        final VectorFootprint.Layout layout;

        Variant(String systemName, VectorFootprint.Layout layout) {
            this.systemName = systemName;
            this.layout = layout;
        }
    }

    private final Variant variant;
    private final List<SweepPoint> sweep;

    /** @param sweep the points to measure; null for {@link #defaultSweep} */
    KnnLuceneSystem(Variant variant, List<SweepPoint> sweep) {
        this.variant = variant;
        this.sweep = sweep;
    }

    Variant variant() {
        return variant;
    }

    @Override
    public String name() {
        return variant.systemName;
    }

    @Override
    public List<String> plugins() {
        return List.of("knn");
    }

    @Override
    public Map<String, Object> indexSettings() {
        return Map.of("index.knn", true);
    }

    @Override
    public Map<String, Object> fieldMapping(int dims) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("m", M);
        parameters.put("ef_construction", EF_CONSTRUCTION);
        if (variant == Variant.HNSW_SQ) {
            parameters.put("encoder", Map.of("name", "sq"));
        }
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("type", "knn_vector");
        mapping.put("dimension", dims);
        mapping.put("space_type", "innerproduct");
        if (variant == Variant.ON_DISK) {
            mapping.put("mode", "on_disk");
        }
        mapping.put("method", Map.of("name", "hnsw", "engine", "lucene", "parameters", parameters));
        return mapping;
    }

    @Override
    public Map<String, Object> query(float[] vector, int k, SweepPoint point) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("vector", vector);
        field.put("k", k);
        Object efSearch = point.get("ef_search");
        if (efSearch != null) {
            field.put("method_parameters", Map.of("ef_search", efSearch));
        }
        Object oversample = point.get("oversample_factor");
        if (oversample != null) {
            field.put("rescore", Map.of("oversample_factor", oversample));
        } else if (variant == Variant.ON_DISK) {
            field.put("rescore", Map.of("oversample_factor", 1.0));
        }
        return Map.of("knn", Map.of(FIELD, field));
    }

    @Override
    public Map<String, Object> matchNothingQuery(float[] vector, int k) {
        // the same clause with a filter that matches nothing: parsed and planned as usual, then nothing to search
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("vector", vector);
        field.put("k", k);
        field.put("filter", Map.of("ids", Map.of("values", List.of())));
        return Map.of("knn", Map.of(FIELD, field));
    }

    @Override
    public List<SweepPoint> sweep(int k) {
        return sweep != null ? sweep : defaultSweep();
    }

    /**
     * {@code ef_search} from 10 to 400; on_disk at rescoring factor {@value #ON_DISK_FACTOR} (the plugin rescores only
     * the best {@code k · factor} candidates of the quantized pass with the floats, so the factor, not
     * {@code ef_search}, bounds its recall), and factors 1 to 10 at {@code ef_search} 100.
     */
    List<SweepPoint> defaultSweep() {
        List<SweepPoint> points = new ArrayList<>();
        for (int ef : EF_SEARCH) {
            points.add(SweepPoint.of(variant == Variant.ON_DISK ? Map.of("ef_search", ef, "oversample_factor", ON_DISK_FACTOR) : Map.of("ef_search", ef)));
        }
        if (variant == Variant.ON_DISK) {
            for (double factor : new double[] { 1.0, 2.0, 5.0, 10.0 }) {
                points.add(SweepPoint.of(Map.of("ef_search", 100, "oversample_factor", factor)));
            }
        }
        return points;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (k-NN Lucene engine, m %d, ef_construction %d)", name(), M, EF_CONSTRUCTION);
    }
}
