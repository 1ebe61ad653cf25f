package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random pyramid shapes for format tests. A shape is drawn once (0 to 3 coarse levels, each {@code binary},
 * {@code int4} or {@code int8}, each over a Matryoshka prefix given as a fraction of the dimension, or the full
 * dimension) and applied to whatever dimension a test field has, so that one format instance serves every field of a
 * test. Coarse levels that the rules of {@link PyramidLevels#of} would refuse at a small dimension (e.g. two
 * {@code int4} prefixes that round to the same width) are dropped; the full-precision level is always last.
 */
final class RandomPyramids {

    private static final LevelEncoding[] COARSE = { LevelEncoding.BINARY, LevelEncoding.INT4, LevelEncoding.INT8 };

    private RandomPyramids() {}

    /** A random shape as a policy; its {@code toString} names the shape so that a failing seed is readable. */
    static LevelsPolicy randomPolicy(Random random) {
        return randomPolicy(random, 0);
    }

    /** A random shape with at least {@code minCoarse} coarse levels (kept at any dimension: the first is never dropped). */
    static LevelsPolicy randomPolicy(Random random, int minCoarse) {
        int coarseCount = minCoarse + random.nextInt(PyramidLevels.MAX_LEVELS - minCoarse);
        LevelEncoding[] encodings = new LevelEncoding[coarseCount];
        double[] fractions = new double[coarseCount];
        for (int i = 0; i < coarseCount; i++) {
            encodings[i] = COARSE[random.nextInt(COARSE.length)];
            fractions[i] = random.nextBoolean() ? 1.0 : 0.25 + 0.75 * random.nextDouble();
        }
        // coarse to fine: bits and prefix widths never decrease
        Arrays.sort(encodings, (a, b) -> Integer.compare(a.bitsPerDimension(), b.bitsPerDimension()));
        Arrays.sort(fractions);
        return shape(encodings, fractions);
    }

    /** The shape {@code encodings[i]} over {@code fractions[i]} of the dimension, then {@code float}. */
    static LevelsPolicy shape(LevelEncoding[] encodings, double[] fractions) {
        return new LevelsPolicy() {
            @Override
            public PyramidLevels levelsFor(int dimension) {
                List<LevelSpec> levels = new ArrayList<>();
                for (int i = 0; i < encodings.length; i++) {
                    int dims = Math.max(1, (int) Math.round(fractions[i] * dimension));
                    LevelSpec level = new LevelSpec(dims, encodings[i]);
                    if (levels.isEmpty() || strictlyFiner(level, levels.get(levels.size() - 1))) {
                        levels.add(level);
                    }
                }
                levels.add(new LevelSpec(dimension, LevelEncoding.FLOAT));
                return PyramidLevels.of(levels, dimension);
            }

            @Override
            public String toString() {
                StringBuilder shape = new StringBuilder("[");
                for (int i = 0; i < encodings.length; i++) {
                    shape.append(String.format(Locale.ROOT, "%s@%.0f%%, ", encodings[i].jsonName(), 100 * fractions[i]));
                }
                return shape.append("float@100%]").toString();
            }
        };
    }

    private static boolean strictlyFiner(LevelSpec level, LevelSpec coarser) {
        int bits = level.encoding().bitsPerDimension();
        int coarserBits = coarser.encoding().bitsPerDimension();
        return level.dims() >= coarser.dims() && bits >= coarserBits && (level.dims() > coarser.dims() || bits > coarserBits);
    }
}
