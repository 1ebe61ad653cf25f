package dev.pyramid.calibration;

import org.opensearch.action.ActionType;

/** Calibration's first step: draws pseudo-queries from the stored vectors of every shard ({@link ShardCalibrator#sample}). */
public final class SampleVectorsAction extends ActionType<SampleVectorsResponse> {

    public static final String NAME = CalibrateAction.NAME + "/sample";
    public static final SampleVectorsAction INSTANCE = new SampleVectorsAction();

    private SampleVectorsAction() {
        super(NAME, SampleVectorsResponse::new);
    }
}
