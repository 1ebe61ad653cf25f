package dev.pyramid.calibration;

import org.opensearch.action.ActionType;

/**
 * {@code POST /<index>/_pyramid/calibrate}: fits the adaptive controller of one field to the index's own vectors and
 * stores the result in the index's settings. The name is index-scoped ({@code indices:admin/...}) so that a security
 * plugin authorizes it per index; its steps ({@link SampleVectorsAction}, {@link MeasureAction}) share the prefix.
 */
public final class CalibrateAction extends ActionType<CalibrateResponse> {

    public static final String NAME = "indices:admin/pyramid/calibrate";
    public static final CalibrateAction INSTANCE = new CalibrateAction();

    private CalibrateAction() {
        super(NAME, CalibrateResponse::new);
    }
}
