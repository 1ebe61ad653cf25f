package dev.pyramid.calibration;

import org.opensearch.action.ActionType;

/** Calibration's measuring step: runs a batch of pseudo-queries on every shard ({@link ShardCalibrator#measure}). */
public final class MeasureAction extends ActionType<MeasureResponse> {

    public static final String NAME = CalibrateAction.NAME + "/measure";
    public static final MeasureAction INSTANCE = new MeasureAction();

    private MeasureAction() {
        super(NAME, MeasureResponse::new);
    }
}
