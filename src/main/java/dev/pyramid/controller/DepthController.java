package dev.pyramid.controller;

import java.util.Locale;

/**
 * The adaptive depth policy of {@code depth: "auto"} (SPI's query-adaptive resolution control): after each coarse
 * level it looks at the candidates' estimated scores and decides whether the top {@code k} is already certain or
 * which candidates must be looked at on the next, finer level. Pure and deterministic: same inputs, same decision.
 *
 * <p>A level's estimate of a score has a typical error {@code ε} ({@link ControllerSettings#error}). Two estimates
 * can swap order when their gap is within the uncertainty {@code u = z·ε·√2} of their difference. So:
 * <ul>
 *   <li>the graph traversal of level 1 stops exploring below {@link #traversalMargin the k-th score minus u} (or minus
 *       the traversal slack, if larger): nothing down there can plausibly enter the top k;</li>
 *   <li>after level {@code i}, if the gap between the k-th and the (k+1)-th estimate is at least {@code 2u}, the top k
 *       is separated from the rest by more than the level's error: stop, the answer is certain;</li>
 *   <li>otherwise only the candidates within {@code 2u} of the k-th estimate (and those above it) can end up in the
 *       top k: they, and only they, go to the next level.</li>
 * </ul>
 * The softmax entropy of the top {@code k + 1} estimates at temperature {@code ε} is reported with each decision as
 * a second view of the same certainty (normalised to [0, 1]; near 0 = one clear winner, near 1 = all alike).
 */
public final class DepthController {

    private final ControllerSettings settings;

    public DepthController(ControllerSettings settings) {
        this.settings = settings;
    }

    public ControllerSettings settings() {
        return settings;
    }

    /**
     * How far below the current k-th estimate level {@code level}'s search still explores: the level's uncertainty
     * {@code u}, at least the settings' traversal slack when known; infinite (no bound) when the level's error is
     * unknown.
     */
    public float traversalMargin(int level) {
        if (settings.knows(level) == false) {
            return Float.POSITIVE_INFINITY;
        }
        float u = uncertainty(level);
        return Float.isNaN(settings.traversalSlack()) ? u : Math.max(u, settings.traversalSlack());
    }

    private float uncertainty(int level) {
        return (float) (settings.z() * settings.error(level) * Math.sqrt(2));
    }

    /**
     * Decides what follows level {@code level}.
     *
     * @param level          the level just run (1-based), below the last
     * @param scoresBestFirst the candidates' estimates at that level, best first
     * @param k              the number of results wanted
     * @param fixedWindow    the plan's window for the next level, used when the level's error is unknown
     */
    public Decision afterLevel(int level, float[] scoresBestFirst, int k, int fixedWindow) {
        int n = scoresBestFirst.length;
        double entropy = settings.knows(level) ? entropy(scoresBestFirst, k, settings.error(level)) : Double.NaN;
        if (n <= k) {
            return new Decision(true, n, entropy, Float.POSITIVE_INFINITY, String.format(Locale.ROOT, "only %d candidates for k=%d", n, k));
        }
        if (settings.knows(level) == false) {
            int window = Math.min(fixedWindow, n);
            return new Decision(false, window, entropy, scoresBestFirst[k - 1] - scoresBestFirst[k], "uncalibrated level: fixed window " + window);
        }
        float u = uncertainty(level);
        float gap = scoresBestFirst[k - 1] - scoresBestFirst[k];
        if (gap >= 2 * u) {
            return new Decision(
                true,
                k,
                entropy,
                gap,
                String.format(Locale.ROOT, "gap %.4f between ranks %d and %d >= 2u = %.4f", gap, k, k + 1, 2 * u)
            );
        }
        float floor = scoresBestFirst[k - 1] - 2 * u;
        int window = k;
        while (window < n && scoresBestFirst[window] >= floor) {
            window++;
        }
        return new Decision(
            false,
            window,
            entropy,
            gap,
            String.format(Locale.ROOT, "gap %.4f < 2u = %.4f: %d candidates within 2u of rank %d go on", gap, 2 * u, window, k)
        );
    }

    /** Normalised softmax entropy of the top {@code k + 1} estimates at temperature {@code error} (0 if undefined). */
    static double entropy(float[] scoresBestFirst, int k, float error) {
        int m = Math.min(k + 1, scoresBestFirst.length);
        if (m < 2 || error <= 0) {
            return 0;
        }
        double max = scoresBestFirst[0];
        double sum = 0;
        double[] weights = new double[m];
        for (int i = 0; i < m; i++) {
            weights[i] = Math.exp((scoresBestFirst[i] - max) / error);
            sum += weights[i];
        }
        double entropy = 0;
        for (double w : weights) {
            double p = w / sum;
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(m);
    }

    /**
     * @param stop    whether the answer is certain at this level
     * @param window  candidates to keep: k when stopping, else how many go to the next level
     * @param entropy normalised softmax entropy of the top k + 1 estimates
     * @param gap     estimate gap between ranks k and k + 1
     * @param reason  the decision in words, for profile output
     */
    public record Decision(boolean stop, int window, double entropy, float gap, String reason) {}
}
