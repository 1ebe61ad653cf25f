package dev.pyramid.bench;

import java.util.List;
import java.util.Locale;

/** The systems {@code --systems} can name: Pyramid and the k-NN plugin's Lucene-engine configurations. */
final class BenchSystems {

    static final List<String> NAMES = List.of("pyramid", "knn-hnsw", "knn-hnsw-sq", "knn-on-disk");

    private BenchSystems() {}

    static BenchSystem byName(String name, BenchOptions options) {
        return switch (name) {
            case "pyramid" -> new PyramidSystem(options.similarity(), options.sweepPoints(), options.calibrate());
            case "knn-hnsw" -> new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_FLOAT, options.sweepPoints());
            case "knn-hnsw-sq" -> new KnnLuceneSystem(KnnLuceneSystem.Variant.HNSW_SQ, options.sweepPoints());
            case "knn-on-disk" -> new KnnLuceneSystem(KnnLuceneSystem.Variant.ON_DISK, options.sweepPoints());
            default -> throw new IllegalArgumentException(String.format(Locale.ROOT, "unknown system [%s], expected one of %s", name, NAMES));
        };
    }
}
