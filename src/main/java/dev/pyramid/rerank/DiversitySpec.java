package dev.pyramid.rerank;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.Locale;

/**
 * {@code {"diversity": {"lambda": 0.5, "frequency_field": "f", "frequency_weight": 0.1, "window": n}}}: the energy
 * (MMR-style) rerank of {@link DiversityStage}. {@code lambda} weighs redundancy (0 turns it off), the optional
 * {@code frequency_field} names a numeric {@code _source} field whose log is a prior weighted by
 * {@code frequency_weight}; {@code window} defaults to every candidate.
 */
public record DiversitySpec(float lambda, String frequencyField, float frequencyWeight, int window) implements RerankStageSpec {

    public static final String NAME = "diversity";
    public static final float DEFAULT_LAMBDA = 0.5f;
    public static final float DEFAULT_FREQUENCY_WEIGHT = 0.1f;

    static final ParseField LAMBDA_FIELD = new ParseField("lambda");
    static final ParseField FREQUENCY_FIELD = new ParseField("frequency_field");
    static final ParseField FREQUENCY_WEIGHT_FIELD = new ParseField("frequency_weight");
    static final ParseField WINDOW_FIELD = new ParseField("window");

    private static final class Parsed {
        float lambda = DEFAULT_LAMBDA;
        String frequencyField;
        Float frequencyWeight;
        int window = RerankStage.ALL;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        PARSER.declareFloat((p, v) -> p.lambda = checkNonNegative(LAMBDA_FIELD, v), LAMBDA_FIELD);
        PARSER.declareString((p, v) -> p.frequencyField = v, FREQUENCY_FIELD);
        PARSER.declareFloat((p, v) -> p.frequencyWeight = checkNonNegative(FREQUENCY_WEIGHT_FIELD, v), FREQUENCY_WEIGHT_FIELD);
        PARSER.declareInt((p, v) -> p.window = RerankStageSpec.checkWindow(NAME, v), WINDOW_FIELD);
    }

    public DiversitySpec {
        checkNonNegative(LAMBDA_FIELD, lambda);
        checkNonNegative(FREQUENCY_WEIGHT_FIELD, frequencyWeight);
        if (frequencyField != null && frequencyField.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] frequency_field must not be empty");
        }
        if (window != RerankStage.ALL) {
            RerankStageSpec.checkWindow(NAME, window);
        }
    }

    DiversitySpec(StreamInput in) throws IOException {
        this(in.readFloat(), in.readOptionalString(), in.readFloat(), in.readVInt());
    }

    public static DiversitySpec parse(XContentParser parser) throws IOException {
        Parsed parsed = PARSER.parse(parser, null);
        if (parsed.frequencyWeight != null && parsed.frequencyField == null) {
            throw new IllegalArgumentException("[" + NAME + "] frequency_weight needs a frequency_field");
        }
        float weight = parsed.frequencyWeight == null ? DEFAULT_FREQUENCY_WEIGHT : parsed.frequencyWeight;
        return new DiversitySpec(parsed.lambda, parsed.frequencyField, weight, parsed.window);
    }

    private static float checkNonNegative(ParseField field, float value) {
        if (Float.isFinite(value) == false || value < 0) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] %s must be a finite number >= 0, got [%s]", NAME, field.getPreferredName(), value)
            );
        }
        return value;
    }

    @Override
    public String stageName() {
        return NAME;
    }

    @Override
    public void writeParameters(StreamOutput out) throws IOException {
        out.writeFloat(lambda);
        out.writeOptionalString(frequencyField);
        out.writeFloat(frequencyWeight);
        out.writeVInt(window);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().startObject(NAME);
        builder.field(LAMBDA_FIELD.getPreferredName(), lambda);
        if (frequencyField != null) {
            builder.field(FREQUENCY_FIELD.getPreferredName(), frequencyField);
            builder.field(FREQUENCY_WEIGHT_FIELD.getPreferredName(), frequencyWeight);
        }
        if (window != RerankStage.ALL) {
            builder.field(WINDOW_FIELD.getPreferredName(), window);
        }
        return builder.endObject().endObject();
    }
}
