package dev.pyramid.quantization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered list of levels of a {@code pyramid_vector} field, coarse to fine.
 *
 * <p>Rules, checked by {@link #of(List, int)}: one to {@value #MAX_LEVELS} levels; every level is strictly finer
 * than the one before it (no fewer dimensions and no fewer bits per dimension, and more of at least one); the last
 * level is {@code float} at the full dimension, because full precision is what coarse answers are rescored with;
 * {@code float} appears only as that last level.
 */
public final class PyramidLevels {

    public static final int MAX_LEVELS = 4;

    private final List<LevelSpec> levels;

    private PyramidLevels(List<LevelSpec> levels) {
        this.levels = Collections.unmodifiableList(new ArrayList<>(levels));
    }

    /**
     * The pyramid used when a mapping gives none: 1-bit codes, 4-bit codes, then float32, all at full dimension.
     * The hot levels (binary + int4) take 5 bits per dimension, under 1/6 of float32's 32 bits.
     */
    public static PyramidLevels defaultFor(int dimension) {
        return new PyramidLevels(
            List.of(
                new LevelSpec(dimension, LevelEncoding.BINARY),
                new LevelSpec(dimension, LevelEncoding.INT4),
                new LevelSpec(dimension, LevelEncoding.FLOAT)
            )
        );
    }

    /** Validates and wraps a level list; messages name the offending level by its 1-based number. */
    public static PyramidLevels of(List<LevelSpec> levels, int dimension) {
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("[levels] must list at least one level");
        }
        if (levels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[levels] may list at most %d levels, got [%d]", MAX_LEVELS, levels.size())
            );
        }
        for (int i = 0; i < levels.size(); i++) {
            LevelSpec level = levels.get(i);
            int number = i + 1;
            if (level.dims() < 1 || level.dims() > dimension) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "[levels] level %d: [dims] must be in [1, %d] (the field's dimension), got [%d]",
                        number,
                        dimension,
                        level.dims()
                    )
                );
            }
            if (level.encoding() == LevelEncoding.FLOAT && i != levels.size() - 1) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[levels] level %d: [float] is only allowed as the last level", number)
                );
            }
            if (i > 0) {
                LevelSpec coarser = levels.get(i - 1);
                boolean noCoarser = level.dims() >= coarser.dims()
                    && level.encoding().bitsPerDimension() >= coarser.encoding().bitsPerDimension();
                boolean finer = level.dims() > coarser.dims()
                    || level.encoding().bitsPerDimension() > coarser.encoding().bitsPerDimension();
                if (noCoarser == false || finer == false) {
                    throw new IllegalArgumentException(
                        String.format(
                            Locale.ROOT,
                            "[levels] must go from coarse to fine: level %d [%s] is not finer than level %d [%s]",
                            number,
                            level,
                            number - 1,
                            coarser
                        )
                    );
                }
            }
        }
        LevelSpec last = levels.get(levels.size() - 1);
        if (last.encoding() != LevelEncoding.FLOAT || last.dims() != dimension) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[levels] the last level must be {\"dims\": %d, \"encoding\": \"float\"} (full precision), got [%s]",
                    dimension,
                    last
                )
            );
        }
        return new PyramidLevels(levels);
    }

    /**
     * Parses the mapping form: a list of {@code {"dims": n, "encoding": "..."}} objects. Only the shape is checked
     * here; {@link #of(List, int)} checks the rules once the dimension is known.
     */
    public static List<LevelSpec> parse(Object node) {
        if (node instanceof List<?> == false) {
            throw new IllegalArgumentException("[levels] must be a list of {\"dims\": n, \"encoding\": e} objects, got [" + node + "]");
        }
        List<?> list = (List<?>) node;
        List<LevelSpec> levels = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            int number = i + 1;
            if (list.get(i) instanceof Map<?, ?> == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[levels] level %d must be an object {\"dims\": n, \"encoding\": e}, got [%s]", number, list.get(i))
                );
            }
            Map<?, ?> map = (Map<?, ?>) list.get(i);
            for (Object key : map.keySet()) {
                if (LevelSpec.DIMS.equals(key) == false && LevelSpec.ENCODING.equals(key) == false) {
                    throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "[levels] level %d: unknown parameter [%s], expected [dims] and [encoding]", number, key)
                    );
                }
            }
            Object dims = map.get(LevelSpec.DIMS);
            Object encoding = map.get(LevelSpec.ENCODING);
            if (dims instanceof Integer == false && dims instanceof Long == false && dims instanceof Short == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[levels] level %d: [dims] must be an integer, got [%s]", number, dims)
                );
            }
            if (encoding instanceof String == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[levels] level %d: [encoding] must be one of %s, got [%s]", number,
                        java.util.Arrays.toString(LevelEncoding.jsonNames()), encoding)
                );
            }
            long dimsValue = ((Number) dims).longValue();
            if (dimsValue > Integer.MAX_VALUE || dimsValue < Integer.MIN_VALUE) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[levels] level %d: [dims] out of range, got [%d]", number, dimsValue)
                );
            }
            LevelEncoding parsedEncoding;
            try {
                parsedEncoding = LevelEncoding.fromJsonName((String) encoding);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "[levels] level %d: %s", number, e.getMessage()), e);
            }
            levels.add(new LevelSpec((int) dimsValue, parsedEncoding));
        }
        return levels;
    }

    public List<LevelSpec> levels() {
        return levels;
    }

    public int size() {
        return levels.size();
    }

    public LevelSpec level(int oneBasedNumber) {
        return levels.get(oneBasedNumber - 1);
    }

    /** The mapping form. */
    public List<Map<String, Object>> toList() {
        return levels.stream().map(LevelSpec::toMap).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyramidLevels other && levels.equals(other.levels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(levels);
    }

    @Override
    public String toString() {
        return levels.toString();
    }
}
