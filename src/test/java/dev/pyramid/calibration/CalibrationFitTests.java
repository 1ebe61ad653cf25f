package dev.pyramid.calibration;

import dev.pyramid.controller.ControllerSettings;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.List;

/** The pure parts of calibration: error measurement, z choice, merging shard answers, tallying configurations. */
public class CalibrationFitTests extends OpenSearchTestCase {

    private static ConfigReport trial(float z, double recall) {
        return new ConfigReport(0, z, 10, recall, recall, new double[] { 0, 0, 1 }, new double[] { 1, 1, 1 });
    }

    public void testChoosesTheSmallestZReachingTheTargetForGood() {
        List<ConfigReport> trials = List.of(trial(0.5f, 0.90), trial(1f, 0.96), trial(2f, 0.95), trial(3f, 0.97), trial(4f, 0.99));
        // 1.0 reaches 0.955 but 2.0 after it does not: the first z from which every larger one reaches it is 3.0
        CalibrationFit.Choice choice = CalibrationFit.chooseZ(trials, 0.955);
        assertEquals(3f, choice.z(), 0f);
        assertTrue(choice.targetReached());
        assertEquals(0.97, choice.trial().recall(), 0);

        assertEquals(0.5f, CalibrationFit.chooseZ(trials, 0.5).z(), 0f);
        assertEquals("in any order", 3f, CalibrationFit.chooseZ(List.of(trials.get(4), trials.get(2), trials.get(3), trials.get(0)), 0.955).z(), 0f);
    }

    public void testUnreachableTargetKeepsTheLargestZAndSaysSo() {
        CalibrationFit.Choice choice = CalibrationFit.chooseZ(List.of(trial(1f, 0.8), trial(8f, 0.9), trial(4f, 0.92)), 0.99);
        assertFalse(choice.targetReached());
        assertEquals(8f, choice.z(), 0f);
        expectThrows(IllegalArgumentException.class, () -> CalibrationFit.chooseZ(List.of(), 0.9));
    }

    public void testTheGridAscendsPastTheDefault() {
        for (int i = 1; i < CalibrationFit.Z_GRID.length; i++) {
            assertTrue(CalibrationFit.Z_GRID[i] > CalibrationFit.Z_GRID[i - 1]);
        }
        assertTrue(CalibrationFit.Z_GRID[CalibrationFit.Z_GRID.length - 1] > ControllerSettings.DEFAULT_Z);
    }

    /** A common offset cancels; what remains is the pooled within-group standard deviation, by hand. */
    public void testLevelErrorIsThePooledSpreadWithinGroups() throws IOException {
        LevelErrors errors = new LevelErrors(2);
        // level 1: group {+0.10, +0.12, +0.08} (mean 0.10, squares 0.0008), group {-0.01, +0.01} (0.0002) -> 0.001 / 3
        errors.addGroup(1, new double[] { 0.10, 0.12, 0.08 });
        LevelErrors other = new LevelErrors(2);
        other.addGroup(1, new double[] { -0.01, 0.01 });
        other.addGroup(1, new double[] { 5.0 }); // one candidate: no spread to see, no degree of freedom
        errors.add(other);
        float[] measured = errors.errors();
        assertEquals(Math.sqrt(0.001 / 3), measured[0], 1e-7);
        assertEquals(3, errors.samples(1));
        assertTrue("level 2 has no samples", Float.isNaN(measured[1]));

        BytesStreamOutput out = new BytesStreamOutput();
        errors.writeTo(out);
        assertEquals(errors, new LevelErrors(out.bytes().streamInput()));

        IllegalArgumentException unmeasured = expectThrows(IllegalArgumentException.class, () -> CalibrationFit.levelErrors(errors, "docs", "v"));
        assertEquals(
            "cannot calibrate field [v] of index [docs]: no segment has two vectors to measure the error of level [2] with",
            unmeasured.getMessage()
        );
        expectThrows(IllegalArgumentException.class, () -> errors.add(new LevelErrors(3)));
    }

    public void testMergesShardsAsTheCoordinatingNodeDoes() {
        ShardHits shard0 = new ShardHits(new int[] { 4, 9 }, new float[] { 0.9f, 0.5f });
        ShardHits shard2 = new ShardHits(new int[] { 1, 4, 7 }, new float[] { 0.8f, 0.5f, 0.1f });
        long[] top = ShardHits.mergeTopK(new int[] { 0, 2 }, List.of(shard0, shard2), 3);
        // 0.9 (shard 0 doc 4), 0.8 (shard 2 doc 1), then the tie at 0.5: shard 0 before shard 2
        assertArrayEquals(new long[] { 4L, (2L << 32) | 1, 9L }, top);
        assertEquals(2, ShardHits.overlap(new long[] { 4L, 9L, 123L }, top));
        assertEquals(0, ShardHits.mergeTopK(new int[0], List.of(), 3).length);
    }

    public void testTallyAveragesRecallAndCountsLevels() {
        ConfigReport.Tally tally = new ConfigReport.Tally(SearchConfig.auto(new ControllerSettings(1.5f, new float[] { 0.02f, 0.005f })), 2, 3);
        QueryMeasurement.Result stoppedAt1 = new QueryMeasurement.Result(ShardHits.EMPTY, 1, new long[] { 30, 0, 0 });
        QueryMeasurement.Result stoppedAt3 = new QueryMeasurement.Result(ShardHits.EMPTY, 3, new long[] { 40, 6, 2 });
        tally.add(new long[] { 1, 2 }, new long[] { 1, 2 }, List.of(stoppedAt1, stoppedAt3));
        tally.add(new long[] { 1, 2 }, new long[] { 2, 5 }, List.of(stoppedAt3, stoppedAt3));
        tally.add(new long[0], new long[0], List.of(stoppedAt1)); // the only vector was the pseudo-query itself: skipped
        ConfigReport report = tally.report();
        assertEquals(1.5f, report.z(), 0f);
        assertEquals(2, report.queries());
        assertEquals(0.75, report.recall(), 1e-12);
        assertEquals(0.5, report.sameAsFullPrecision(), 1e-12);
        assertArrayEquals(new double[] { 0.25, 0, 0.75 }, report.stoppedAtLevel(), 1e-12);
        assertArrayEquals(new double[] { 75, 9, 3 }, report.candidatesScored(), 1e-12);
    }

    public void testSamplingKeyDependsOnSeedAndContentsOnly() {
        float[] v = { 0.1f, -0.2f, 0.3f };
        assertEquals(ShardCalibrator.key(7, v), ShardCalibrator.key(7, v.clone()));
        assertNotEquals(ShardCalibrator.key(7, v), ShardCalibrator.key(8, v));
        assertNotEquals(ShardCalibrator.key(7, v), ShardCalibrator.key(7, new float[] { 0.1f, -0.2f, 0.30001f }));
    }

    public void testRequestValuesAreChecked() {
        CalibrateRequest request = new CalibrateRequest("docs");
        assertEquals(
            "[calibrate] [target_recall] must be in (0, 1], got [0.0]",
            expectThrows(IllegalArgumentException.class, () -> request.targetRecall(0)).getMessage()
        );
        assertEquals(
            "[calibrate] [sample] must be in [1, 10000], got [10001]",
            expectThrows(IllegalArgumentException.class, () -> request.sample(10_001)).getMessage()
        );
        assertEquals("[calibrate] [k] must be in [1, 1000], got [0]", expectThrows(IllegalArgumentException.class, () -> request.k(0)).getMessage());
        assertNotNull("no field yet", request.validate());
        assertNull(request.field("v").validate());
    }
}
