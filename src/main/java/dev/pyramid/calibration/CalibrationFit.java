package dev.pyramid.calibration;

import dev.pyramid.controller.ControllerSettings;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Fits the adaptive controller's thresholds ({@link ControllerSettings}: a score error {@code ε_i} per coarse level
 * and a confidence multiplier {@code z}) from label-free measurements on an index's own vectors.
 *
 * <p>The controller treats two estimates at level {@code i} as ordered once their gap exceeds {@code z·ε_i·√2} (see
 * {@code DepthController}); only the products {@code z·ε_i} matter. The fit therefore splits the two:
 * <ol>
 *   <li>{@code ε_i} is measured directly ({@link LevelErrors}: the spread of level {@code i}'s estimates around the
 *       exact scores of each query's best candidates); it fixes how the levels compare with one another;</li>
 *   <li>{@code z} is the one free knob. Calibration runs {@code depth: auto} with each {@code z} of {@link #Z_GRID}
 *       and keeps the smallest whose recall against the exact answers reaches the target, for it and for every
 *       larger {@code z} tried (recall grows with {@code z} up to that of the full-depth search, so a lone lucky
 *       point below a failing one is not trusted).</li>
 * </ol>
 * If no {@code z} reaches the target, the largest is kept and the fit says so: the candidate windows
 * ({@code oversample}), not the controller, then limit recall.
 */
public final class CalibrationFit {

    /**
     * The z values tried, ascending, denser where real data lands (on SciFact MiniLM sentences, targets 0.6 to 0.99 chose
     * z from 0.25 to 0.5) and reaching past the uncalibrated default {@value ControllerSettings#DEFAULT_Z}.
     */
    public static final float[] Z_GRID = { 0.125f, 0.25f, 0.375f, 0.5f, 0.75f, 1f, 1.5f, 2.5f, 4f };

    private CalibrationFit() {}

    /**
     * @param z             the chosen z
     * @param trial         the trial run with it
     * @param targetReached whether its recall (and that of every larger z) reached the target
     */
    public record Choice(float z, ConfigReport trial, boolean targetReached) {}

    /** Picks z from the {@code depth: auto} trials (one per z, in any order); see the class doc. */
    public static Choice chooseZ(List<ConfigReport> trials, double targetRecall) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials to choose z from");
        }
        List<ConfigReport> byZ = trials.stream().sorted(Comparator.comparingDouble(ConfigReport::z)).toList();
        int chosen = -1;
        for (int i = byZ.size() - 1; i >= 0 && byZ.get(i).recall() >= targetRecall; i--) {
            chosen = i;
        }
        if (chosen < 0) {
            ConfigReport largest = byZ.get(byZ.size() - 1);
            return new Choice(largest.z(), largest, false);
        }
        return new Choice(byZ.get(chosen).z(), byZ.get(chosen), true);
    }

    /**
     * The measured errors, checked: every coarse level needs samples, which needs segments with at least two vectors
     * near a pseudo-query.
     */
    public static float[] levelErrors(LevelErrors measured, String index, String field) {
        float[] errors = measured.errors();
        for (int level = 1; level <= errors.length; level++) {
            if (Float.isNaN(errors[level - 1])) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "cannot calibrate field [%s] of index [%s]: no segment has two vectors to measure the error of level [%d] with",
                        field,
                        index,
                        level
                    )
                );
            }
        }
        return errors;
    }
}
