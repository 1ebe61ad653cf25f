package dev.pyramid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameter points {@link KnnComparison} measures, chosen to bracket recall@10 0.90, 0.95 and 0.98 on every data
 * set; {@code --quick} keeps three per system (a smoke run of the whole pipeline, not figures).
 * <ul>
 *   <li>Pyramid ({@code spi_pyramid}, default levels binary, int4, float): {@code depth: auto} and forced full depth
 *       (3) at single oversampling factors {@code o} (level-1 window, i.e. the graph's queue, {@code k·o²}; level 2
 *       {@code k·o}), full depth with wide level-1 windows {@code [o1, 3]}, and forced depths 1 and 2 at their
 *       defaults (answers from the binary or int4 estimates);</li>
 *   <li>k-NN: {@link KnnLuceneSystem#defaultSweep}.</li>
 * </ul>
 */
final class ComparisonSweeps {

    // 8 and 10, and the level-1 window 64: at 1M synthetic vectors oversample 6 reached recall 0.966, short of 0.98
    private static final double[] PYRAMID_OVERSAMPLE = { 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0 };
    private static final int[] PYRAMID_WIDE_LEVEL_ONE = { 16, 32, 64 };

    private ComparisonSweeps() {}

    static List<SweepPoint> pyramid(boolean quick) {
        List<SweepPoint> points = new ArrayList<>();
        if (quick) {
            points.add(SweepPoint.of(Map.of("depth", "auto", "oversample", 2.0)));
            points.add(SweepPoint.of(Map.of("depth", "auto", "oversample", 4.0)));
            points.add(SweepPoint.of(Map.of("depth", 3, "oversample", 4.0)));
            return points;
        }
        for (String depth : new String[] { "auto", "3" }) {
            for (double oversample : PYRAMID_OVERSAMPLE) {
                points.add(SweepPoint.of(Map.of("depth", depth.equals("auto") ? depth : 3, "oversample", oversample)));
            }
        }
        for (int levelOne : PYRAMID_WIDE_LEVEL_ONE) {
            points.add(SweepPoint.of(Map.of("depth", 3, "oversample", List.of((double) levelOne, 3.0))));
        }
        points.add(SweepPoint.of(Map.of("depth", 1)));
        points.add(SweepPoint.of(Map.of("depth", 2)));
        return points;
    }

    /** Null (the system's own sweep) unless quick. */
    static List<SweepPoint> knn(KnnLuceneSystem.Variant variant, boolean quick) {
        if (quick == false) {
            return null;
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int ef : new int[] { 16, 64, 256 }) {
            points.add(
                SweepPoint.of(variant == KnnLuceneSystem.Variant.ON_DISK ? Map.of("ef_search", ef, "oversample_factor", 3.0) : Map.of("ef_search", ef))
            );
        }
        return points;
    }
}
