package dev.pyramid.calibration;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a calibration measured and chose:
 *
 * <pre>
 * {"index": "docs", "field": "embedding", "k": 10, "seed": 0, "target_recall": 0.98, "queries": 1000,
 *  "z": 1.5, "level_errors": [0.011, 0.0031], "target_reached": true, "recall": 0.986,
 *  "persisted": true,
 *  "settings": {"index.pyramid.calibration.embedding.z": "1.5", "index.pyramid.calibration.embedding.level_errors": ["0.011", ...]},
 *  "before": {...}, "depths": [{...}, ...], "trials": [{...}, ...], "took_ms": 5120}
 * </pre>
 *
 * {@code before} is {@code depth: auto} with the settings the field had, {@code depths} each forced depth with the
 * default windows, {@code trials} {@code depth: auto} at each z tried with the measured errors; each is a
 * {@link ConfigReport}. {@code recall} is the chosen trial's.
 */
public final class CalibrateResponse extends ActionResponse implements ToXContentObject {

    private final String index;
    private final String field;
    private final int k;
    private final long seed;
    private final double targetRecall;
    private final int queries;
    private final float z;
    private final float[] levelErrors;
    private final boolean targetReached;
    private final double recall;
    private final boolean persisted;
    private final String zSetting;
    private final String levelErrorsSetting;
    private final ConfigReport before;
    private final List<ConfigReport> depths;
    private final List<ConfigReport> trials;
    private final long tookMillis;

    public CalibrateResponse(
        CalibrateRequest request,
        int queries,
        CalibrationFit.Choice choice,
        float[] levelErrors,
        boolean persisted,
        String zSetting,
        String levelErrorsSetting,
        ConfigReport before,
        List<ConfigReport> depths,
        List<ConfigReport> trials,
        long tookMillis
    ) {
        this.index = request.index();
        this.field = request.field();
        this.k = request.k();
        this.seed = request.seed();
        this.targetRecall = request.targetRecall();
        this.queries = queries;
        this.z = choice.z();
        this.levelErrors = levelErrors.clone();
        this.targetReached = choice.targetReached();
        this.recall = choice.trial().recall();
        this.persisted = persisted;
        this.zSetting = zSetting;
        this.levelErrorsSetting = levelErrorsSetting;
        this.before = before;
        this.depths = List.copyOf(depths);
        this.trials = List.copyOf(trials);
        this.tookMillis = tookMillis;
    }

    public CalibrateResponse(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.field = in.readString();
        this.k = in.readVInt();
        this.seed = in.readLong();
        this.targetRecall = in.readDouble();
        this.queries = in.readVInt();
        this.z = in.readFloat();
        this.levelErrors = in.readFloatArray();
        this.targetReached = in.readBoolean();
        this.recall = in.readDouble();
        this.persisted = in.readBoolean();
        this.zSetting = in.readString();
        this.levelErrorsSetting = in.readString();
        this.before = new ConfigReport(in);
        this.depths = in.readList(ConfigReport::new);
        this.trials = in.readList(ConfigReport::new);
        this.tookMillis = in.readVLong();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeString(field);
        out.writeVInt(k);
        out.writeLong(seed);
        out.writeDouble(targetRecall);
        out.writeVInt(queries);
        out.writeFloat(z);
        out.writeFloatArray(levelErrors);
        out.writeBoolean(targetReached);
        out.writeDouble(recall);
        out.writeBoolean(persisted);
        out.writeString(zSetting);
        out.writeString(levelErrorsSetting);
        before.writeTo(out);
        out.writeList(depths);
        out.writeList(trials);
        out.writeVLong(tookMillis);
    }

    public float z() {
        return z;
    }

    public float[] levelErrors() {
        return levelErrors.clone();
    }

    public boolean targetReached() {
        return targetReached;
    }

    public double recall() {
        return recall;
    }

    public boolean persisted() {
        return persisted;
    }

    public int queries() {
        return queries;
    }

    public ConfigReport before() {
        return before;
    }

    public List<ConfigReport> depths() {
        return depths;
    }

    public List<ConfigReport> trials() {
        return trials;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("index", index);
        builder.field("field", field);
        builder.field("k", k);
        builder.field("seed", seed);
        builder.field("target_recall", targetRecall);
        builder.field("queries", queries);
        builder.field("z", z);
        builder.array("level_errors", levelErrors);
        builder.field("target_reached", targetReached);
        builder.field("recall", recall);
        builder.field("persisted", persisted);
        // as written to (and read back from) the index settings: strings
        builder.startObject("settings");
        builder.field(zSetting, Float.toString(z));
        builder.startArray(levelErrorsSetting);
        for (float error : levelErrors) {
            builder.value(Float.toString(error));
        }
        builder.endArray();
        builder.endObject();
        builder.field("before", before);
        builder.startArray("depths");
        for (ConfigReport depth : depths) {
            depth.toXContent(builder, params);
        }
        builder.endArray();
        builder.startArray("trials");
        for (ConfigReport trial : trials) {
            trial.toXContent(builder, params);
        }
        builder.endArray();
        builder.field("took_ms", tookMillis);
        return builder.endObject();
    }

    /** Equal measurements and choices; the time taken is not compared (two identical calibrations differ in it). */
    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrateResponse other
            && index.equals(other.index)
            && field.equals(other.field)
            && k == other.k
            && seed == other.seed
            && targetRecall == other.targetRecall
            && queries == other.queries
            && Float.compare(z, other.z) == 0
            && Arrays.equals(levelErrors, other.levelErrors)
            && targetReached == other.targetReached
            && recall == other.recall
            && persisted == other.persisted
            && zSetting.equals(other.zSetting)
            && levelErrorsSetting.equals(other.levelErrorsSetting)
            && before.equals(other.before)
            && depths.equals(other.depths)
            && trials.equals(other.trials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, field, k, seed, queries, z, Arrays.hashCode(levelErrors), targetReached, recall, depths, trials);
    }
}
