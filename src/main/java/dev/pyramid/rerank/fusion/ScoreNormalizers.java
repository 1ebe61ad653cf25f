package dev.pyramid.rerank.fusion;

import java.util.List;
import java.util.Locale;

/** Finds a {@link ScoreNormalizer} by its request name. */
public final class ScoreNormalizers {

    /** The names accepted in {@code "normalization"}, in documentation order. */
    public static final List<String> NAMES = List.of(MinMaxNormalizer.NAME, L2Normalizer.NAME, ZScoreNormalizer.NAME);

    private ScoreNormalizers() {}

    public static ScoreNormalizer byName(String name) {
        return switch (name) {
            case MinMaxNormalizer.NAME -> new MinMaxNormalizer();
            case L2Normalizer.NAME -> new L2Normalizer();
            case ZScoreNormalizer.NAME -> new ZScoreNormalizer();
            default -> throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[hybrid] unknown normalization [%s], expected one of %s", name, NAMES)
            );
        };
    }
}
