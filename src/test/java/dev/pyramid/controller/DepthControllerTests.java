package dev.pyramid.controller;

import dev.pyramid.quantization.LevelEncoding;

import org.opensearch.test.OpenSearchTestCase;

public class DepthControllerTests extends OpenSearchTestCase {

    private static final ControllerSettings SETTINGS = new ControllerSettings(2f, new float[] { 0.02f, 0.005f });

    /** u = z · ε · √2 for level 2: 2 · 0.005 · 1.414 = 0.01414; a gap of 2u = 0.0283 or more is certain. */
    public void testStopsWhenGapExceedsTwiceTheUncertainty() {
        float[] scores = { 0.90f, 0.88f, 0.85f, 0.80f };
        DepthController.Decision decision = new DepthController(SETTINGS).afterLevel(2, scores, 3, 99);
        assertTrue(decision.reason(), decision.stop());
        assertEquals(3, decision.window());
        assertEquals(0.05f, decision.gap(), 1e-6);
    }

    public void testPassesOnTheBandWithinTwiceTheUncertaintyOfRankK() {
        // k = 2, s_k = 0.880; floor = 0.880 - 0.0283 = 0.8517: 0.87 and 0.86 are in the band, 0.84 is not
        float[] scores = { 0.90f, 0.88f, 0.87f, 0.86f, 0.84f, 0.70f };
        DepthController.Decision decision = new DepthController(SETTINGS).afterLevel(2, scores, 2, 99);
        assertFalse(decision.stop());
        assertEquals(4, decision.window());
    }

    public void testFewerCandidatesThanKStops() {
        DepthController.Decision decision = new DepthController(SETTINGS).afterLevel(1, new float[] { 0.5f, 0.4f }, 10, 99);
        assertTrue(decision.stop());
        assertEquals(2, decision.window());
    }

    public void testUnknownErrorKeepsTheFixedWindowAndDoesNotBoundTraversal() {
        ControllerSettings uncalibrated = ControllerSettings.defaults(false, LevelEncoding.BINARY, LevelEncoding.INT4);
        DepthController controller = new DepthController(uncalibrated);
        assertEquals(Float.POSITIVE_INFINITY, controller.traversalMargin(1), 0f);
        DepthController.Decision decision = controller.afterLevel(1, new float[] { 0.9f, 0.1f, 0.05f, 0.01f }, 1, 3);
        assertFalse("an unknown error never claims certainty", decision.stop());
        assertEquals(3, decision.window());
    }

    public void testTraversalMarginIsTheLevelUncertainty() {
        DepthController controller = new DepthController(SETTINGS);
        assertEquals(2f * 0.02f * Math.sqrt(2), controller.traversalMargin(1), 1e-6);
        assertEquals(0f, controller.traversalMargin(3), 0f); // the exact level has no error
    }

    public void testEntropyIsNormalisedAndOrdersCertainty() {
        float[] clearWinner = { 0.99f, 0.50f, 0.49f, 0.48f };
        float[] allAlike = { 0.500f, 0.500f, 0.500f, 0.500f };
        double clear = DepthController.entropy(clearWinner, 3, 0.01f);
        double alike = DepthController.entropy(allAlike, 3, 0.01f);
        assertTrue(clear >= 0 && clear < 0.01);
        assertEquals(1.0, alike, 1e-9);
    }

    public void testDeterministic() {
        float[] scores = new float[50];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 1f - i * randomFloat() * 0.01f;
        }
        java.util.Arrays.sort(scores);
        for (int i = 0; i < scores.length / 2; i++) {
            float t = scores[i];
            scores[i] = scores[scores.length - 1 - i];
            scores[scores.length - 1 - i] = t;
        }
        DepthController controller = new DepthController(SETTINGS);
        assertEquals(controller.afterLevel(1, scores, 10, 30), controller.afterLevel(1, scores.clone(), 10, 30));
    }

    /** The uncalibrated defaults for the default pyramid: z = 1.5 and the measured binary and int4 errors. */
    public void testDefaultsForTheDefaultPyramid() {
        ControllerSettings defaults = ControllerSettings.defaults(true, LevelEncoding.BINARY, LevelEncoding.INT4);
        assertEquals(1.5f, defaults.z(), 0f);
        assertArrayEquals(new float[] { 0.020f, 0.005f }, defaults.levelErrors(), 0f);
        DepthController controller = new DepthController(defaults);
        // level 1 explores down to 1.5 * 0.02 * sqrt(2) = 0.0424 below its k-th estimate (above the 0.04 slack)
        assertEquals(0.0424, controller.traversalMargin(1), 1e-4);
        assertEquals(0.04f, defaults.traversalSlack(), 0f);
    }

    /**
     * With the defaults, after the int4 level (2u = 0.0212): a gap of 0.025 between ranks k and k + 1 is certain, a gap
     * of 0.015 is not, and then the band [s_k - 0.0212, s_k] goes to the exact level.
     */
    public void testDefaultInt4LevelDecisions() {
        DepthController controller = new DepthController(ControllerSettings.defaults(true, LevelEncoding.BINARY, LevelEncoding.INT4));
        DepthController.Decision certain = controller.afterLevel(2, new float[] { 0.95f, 0.90f, 0.875f, 0.86f }, 2, 8);
        assertTrue(certain.reason(), certain.stop());
        assertEquals(2, certain.window());
        // s_k = 0.90, floor 0.8788: 0.885 and 0.880 are in the band, 0.878 is not
        DepthController.Decision uncertain = controller.afterLevel(2, new float[] { 0.95f, 0.90f, 0.885f, 0.880f, 0.878f, 0.80f }, 2, 8);
        assertFalse(uncertain.reason(), uncertain.stop());
        assertEquals(4, uncertain.window());
    }

    /** The binary level's band is four times as wide as the int4 level's: the same scores pass more candidates on. */
    public void testCoarserLevelPassesAWiderBand() {
        DepthController controller = new DepthController(ControllerSettings.defaults(true, LevelEncoding.BINARY, LevelEncoding.INT4));
        float[] scores = { 0.95f, 0.90f, 0.885f, 0.880f, 0.878f, 0.85f, 0.82f, 0.80f };
        DepthController.Decision afterBinary = controller.afterLevel(1, scores, 2, 8);
        DepthController.Decision afterInt4 = controller.afterLevel(2, scores, 2, 8);
        assertFalse(afterBinary.stop());
        // binary: 2u = 0.0849, floor 0.8151: everything down to 0.82
        assertEquals(7, afterBinary.window());
        assertEquals(4, afterInt4.window());
    }

    /** An accurate level 1 explores at least the traversal slack below its k-th estimate; a noisy one its own u. */
    public void testTraversalSlackFloorsTheMargin() {
        ControllerSettings int4First = ControllerSettings.defaults(true, LevelEncoding.INT4);
        assertEquals(ControllerSettings.DEFAULT_TRAVERSAL_SLACK, new DepthController(int4First).traversalMargin(1), 0f);
        ControllerSettings binaryFirst = ControllerSettings.defaults(true, LevelEncoding.BINARY);
        assertEquals(1.5 * 0.02 * Math.sqrt(2), new DepthController(binaryFirst).traversalMargin(1), 1e-6);
        // unknown slack (calibrated settings): the margin is z·ε·√2 alone
        ControllerSettings calibrated = new ControllerSettings(1.5f, new float[] { 0.005f });
        assertTrue(Float.isNaN(calibrated.traversalSlack()));
        assertEquals(1.5 * 0.005 * Math.sqrt(2), new DepthController(calibrated).traversalMargin(1), 1e-6);
        // uncalibrated l2: no slack, no error, no bound
        assertTrue(Float.isNaN(ControllerSettings.defaults(false, LevelEncoding.INT4).traversalSlack()));
    }

    public void testSettingsValidation() {
        expectThrows(IllegalArgumentException.class, () -> new ControllerSettings(1f, new float[] { 0.1f }, -0.1f));
        expectThrows(IllegalArgumentException.class, () -> new ControllerSettings(1f, new float[] { 0.1f }, Float.POSITIVE_INFINITY));
        assertNotEquals(new ControllerSettings(1f, new float[] { 0.1f }, 0.04f), new ControllerSettings(1f, new float[] { 0.1f }));
        assertEquals(new ControllerSettings(1f, new float[] { 0.1f }), new ControllerSettings(1f, new float[] { 0.1f }, Float.NaN));
        expectThrows(IllegalArgumentException.class, () -> new ControllerSettings(-1f, new float[] { 0.1f }));
        expectThrows(IllegalArgumentException.class, () -> new ControllerSettings(1f, new float[] { -0.1f }));
        expectThrows(IllegalArgumentException.class, () -> new ControllerSettings(Float.NaN, new float[] { 0.1f }));
    }
}
