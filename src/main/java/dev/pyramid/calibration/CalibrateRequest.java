package dev.pyramid.calibration;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import static org.opensearch.action.ValidateActions.addValidationError;

/**
 * What to calibrate and how hard to try, from {@code POST /<index>/_pyramid/calibrate}:
 *
 * <pre>
 * {"field": "embedding", "target_recall": 0.98, "sample": 1000, "k": 10, "seed": 0, "dry_run": false}
 * </pre>
 *
 * Only {@code field} is required. It names one index (no wildcards), so a security plugin authorizes the action on
 * exactly that index.
 */
public final class CalibrateRequest extends ActionRequest implements IndicesRequest {

    public static final double DEFAULT_TARGET_RECALL = 0.98;
    public static final int DEFAULT_SAMPLE = 1000;
    /** Bounds the memory of the sample (each pseudo-query holds its vector on the coordinating node) and the time. */
    public static final int MAX_SAMPLE = 10_000;
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 1000;

    static final ParseField FIELD = new ParseField("field");
    static final ParseField TARGET_RECALL = new ParseField("target_recall");
    static final ParseField SAMPLE = new ParseField("sample");
    static final ParseField K = new ParseField("k");
    static final ParseField SEED = new ParseField("seed");
    static final ParseField DRY_RUN = new ParseField("dry_run");

    /** The body as parsed, before its values are checked (so that a bad value's error is the check's own). */
    private static final class Body {
        String field;
        Double targetRecall;
        Integer sample;
        Integer k;
        Long seed;
        Boolean dryRun;
    }

    private static final ObjectParser<Body, Void> PARSER = new ObjectParser<>("calibrate", Body::new);

    static {
        PARSER.declareString((b, v) -> b.field = v, FIELD);
        PARSER.declareDouble((b, v) -> b.targetRecall = v, TARGET_RECALL);
        PARSER.declareInt((b, v) -> b.sample = v, SAMPLE);
        PARSER.declareInt((b, v) -> b.k = v, K);
        PARSER.declareLong((b, v) -> b.seed = v, SEED);
        PARSER.declareBoolean((b, v) -> b.dryRun = v, DRY_RUN);
    }

    private final String index;
    private String field;
    private double targetRecall = DEFAULT_TARGET_RECALL;
    private int sample = DEFAULT_SAMPLE;
    private int k = DEFAULT_K;
    private long seed;
    private boolean dryRun;
    /** Whether the task manager keeps the response in the tasks index ({@code wait_for_completion=false}); local only. */
    private boolean shouldStoreResult;

    public CalibrateRequest(String index) {
        this.index = index;
    }

    public CalibrateRequest(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.field = in.readString();
        this.targetRecall = in.readDouble();
        this.sample = in.readVInt();
        this.k = in.readVInt();
        this.seed = in.readLong();
        this.dryRun = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(index);
        out.writeString(field);
        out.writeDouble(targetRecall);
        out.writeVInt(sample);
        out.writeVInt(k);
        out.writeLong(seed);
        out.writeBoolean(dryRun);
    }

    /** Parses a request body strictly: unknown keys and out-of-range values are errors naming the key. */
    public static CalibrateRequest fromXContent(String index, XContentParser parser) throws IOException {
        Body body = PARSER.parse(parser, null);
        if (body.field == null) {
            throw new IllegalArgumentException("[calibrate] requires a [field], e.g. {\"field\": \"embedding\"}");
        }
        CalibrateRequest request = new CalibrateRequest(index).field(body.field);
        if (body.targetRecall != null) {
            request.targetRecall(body.targetRecall);
        }
        if (body.sample != null) {
            request.sample(body.sample);
        }
        if (body.k != null) {
            request.k(body.k);
        }
        if (body.seed != null) {
            request.seed(body.seed);
        }
        if (body.dryRun != null) {
            request.dryRun(body.dryRun);
        }
        return request;
    }

    public CalibrateRequest field(String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("[calibrate] [field] must be a non-empty field name");
        }
        this.field = field;
        return this;
    }

    public CalibrateRequest targetRecall(double targetRecall) {
        if (Double.isFinite(targetRecall) == false || targetRecall <= 0 || targetRecall > 1) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[calibrate] [target_recall] must be in (0, 1], got [%s]", targetRecall)
            );
        }
        this.targetRecall = targetRecall;
        return this;
    }

    public CalibrateRequest sample(int sample) {
        if (sample < 1 || sample > MAX_SAMPLE) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[calibrate] [sample] must be in [1, %d], got [%d]", MAX_SAMPLE, sample)
            );
        }
        this.sample = sample;
        return this;
    }

    public CalibrateRequest k(int k) {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "[calibrate] [k] must be in [1, %d], got [%d]", MAX_K, k));
        }
        this.k = k;
        return this;
    }

    public CalibrateRequest seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Measure and fit, but leave the index settings as they are. */
    public CalibrateRequest dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    public void setShouldStoreResult(boolean shouldStoreResult) {
        this.shouldStoreResult = shouldStoreResult;
    }

    @Override
    public boolean getShouldStoreResult() {
        return shouldStoreResult;
    }

    public String index() {
        return index;
    }

    public String field() {
        return field;
    }

    public double targetRecall() {
        return targetRecall;
    }

    public int sample() {
        return sample;
    }

    public int k() {
        return k;
    }

    public long seed() {
        return seed;
    }

    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String[] indices() {
        return new String[] { index };
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        if (index == null || index.isEmpty()) {
            e = addValidationError("[calibrate] needs an index", e);
        }
        if (field == null) {
            e = addValidationError("[calibrate] needs a [field]", e);
        }
        return e;
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new CalibrationTask(id, type, action, getDescription(), parentTaskId, headers);
    }

    @Override
    public String getDescription() {
        return String.format(
            Locale.ROOT,
            "calibrate index [%s] field [%s] target_recall [%s] sample [%d] k [%d] seed [%d]%s",
            index,
            field,
            targetRecall,
            sample,
            k,
            seed,
            dryRun ? " (dry run)" : ""
        );
    }
}
