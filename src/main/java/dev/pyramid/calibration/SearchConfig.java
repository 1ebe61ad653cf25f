package dev.pyramid.calibration;

import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.controller.ControllerSettings;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * One way of searching that calibration tries on every pseudo-query: a depth (forced, or {@code auto}) with the
 * default candidate windows, and for {@code auto} the controller settings to use (null: each segment's defaults).
 */
public record SearchConfig(int depth, ControllerSettings settings) implements Writeable {

    public static SearchConfig forcedDepth(int depth) {
        return new SearchConfig(depth, null);
    }

    public static SearchConfig auto(ControllerSettings settings) {
        return new SearchConfig(SearchPlan.DEPTH_AUTO, settings);
    }

    public SearchConfig(StreamInput in) throws IOException {
        this(in.readVInt(), in.readBoolean() ? new ControllerSettings(in.readFloat(), in.readFloatArray()) : null);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(depth);
        out.writeBoolean(settings != null);
        if (settings != null) {
            out.writeFloat(settings.z());
            out.writeFloatArray(settings.levelErrors());
        }
    }

    public boolean isAuto() {
        return depth == SearchPlan.DEPTH_AUTO;
    }

    public SearchPlan plan() {
        return new SearchPlan(depth, null);
    }
}
