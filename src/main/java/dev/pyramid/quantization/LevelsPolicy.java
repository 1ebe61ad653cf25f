package dev.pyramid.quantization;

import java.util.Locale;

/**
 * Which pyramid a vectors format writes for a field of a given dimension. Production formats are built per mapped
 * field with {@link #fixed}; {@link #defaults()} serves reading (levels then come from the segment itself) and
 * tests that index fields of many dimensions through one format.
 */
@FunctionalInterface
public interface LevelsPolicy {

    PyramidLevels levelsFor(int dimension);

    /** The mapping's levels; a field of another dimension is a wiring bug, not user input. */
    static LevelsPolicy fixed(PyramidLevels levels) {
        int dimension = levels.level(levels.size()).dims();
        return new LevelsPolicy() {
            @Override
            public PyramidLevels levelsFor(int fieldDimension) {
                if (fieldDimension != dimension) {
                    throw new IllegalStateException(
                        String.format(Locale.ROOT, "levels %s are for dimension [%d], not [%d]", levels, dimension, fieldDimension)
                    );
                }
                return levels;
            }

            @Override
            public String toString() {
                return levels.toString();
            }
        };
    }

    /** {@link PyramidLevels#defaultFor(int)} at every dimension. */
    static LevelsPolicy defaults() {
        return new LevelsPolicy() {
            @Override
            public PyramidLevels levelsFor(int dimension) {
                return PyramidLevels.defaultFor(dimension);
            }

            @Override
            public String toString() {
                return "default";
            }
        };
    }
}
