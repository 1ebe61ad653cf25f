package dev.pyramid.rerank.fusion;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code fusion} of a {@code hybrid} block as the request gives it: {@code "rrf"}, {@code "linear"}, or
 * {@code {"method": "linear", "normalization": "min_max" | "l2" | "z_score", "weights": [lexical, dense]}}
 * ({@code {"method": "rrf"}} also works). Linear defaults: {@code min_max} and equal weights. {@link #toFusion} builds
 * the technique.
 *
 * @param normalization null for {@code rrf}, or when the default applies
 * @param weights       null for {@code rrf}, or when the default applies
 */
public record FusionSpec(String method, String normalization, List<Float> weights) implements Writeable {

    public static final List<String> METHODS = List.of(ReciprocalRankFusion.NAME, LinearFusion.NAME);
    public static final FusionSpec RRF = new FusionSpec(ReciprocalRankFusion.NAME, null, null);

    static final ParseField METHOD_FIELD = new ParseField("method");
    static final ParseField NORMALIZATION_FIELD = new ParseField("normalization");
    static final ParseField WEIGHTS_FIELD = new ParseField("weights");

    private static final class Parsed {
        String method;
        String normalization;
        List<Float> weights;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>("fusion", Parsed::new);

    static {
        PARSER.declareString((p, v) -> p.method = v, METHOD_FIELD);
        PARSER.declareString((p, v) -> p.normalization = v, NORMALIZATION_FIELD);
        PARSER.declareFloatArray((p, v) -> p.weights = v, WEIGHTS_FIELD);
    }

    public FusionSpec {
        if (METHODS.contains(method) == false) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "[hybrid] unknown fusion [%s], expected one of %s", method, METHODS));
        }
        if (ReciprocalRankFusion.NAME.equals(method) && (normalization != null || weights != null)) {
            throw new IllegalArgumentException("[hybrid] fusion [rrf] takes no normalization or weights: it combines ranks; use [linear]");
        }
        if (normalization != null) {
            ScoreNormalizers.byName(normalization);
        }
        if (weights != null) {
            weights = List.copyOf(weights);
            double sum = 0;
            for (Float weight : weights) {
                if (weight == null || Float.isFinite(weight) == false || weight < 0) {
                    throw new IllegalArgumentException("[hybrid] weights must be finite numbers >= 0, got " + weights);
                }
                sum += weight;
            }
            if (sum == 0) {
                throw new IllegalArgumentException("[hybrid] weights must not all be 0, got " + weights);
            }
        }
    }

    public FusionSpec(StreamInput in) throws IOException {
        this(in.readString(), in.readOptionalString(), in.readBoolean() ? in.readList(StreamInput::readFloat) : null);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(method);
        out.writeOptionalString(normalization);
        out.writeBoolean(weights != null);
        if (weights != null) {
            out.writeCollection(weights, StreamOutput::writeFloat);
        }
    }

    /** Parses the value of {@code fusion}: a method name or an object. */
    public static FusionSpec parse(XContentParser parser) throws IOException {
        XContentParser.Token token = parser.currentToken();
        if (token == XContentParser.Token.VALUE_STRING) {
            return new FusionSpec(parser.text(), null, null);
        }
        if (token != XContentParser.Token.START_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[hybrid] fusion must be a method name " + METHODS + " or an object");
        }
        Parsed parsed = PARSER.parse(parser, null);
        if (parsed.method == null) {
            throw new ParsingException(parser.getTokenLocation(), "[hybrid] fusion object requires a [method], one of " + METHODS);
        }
        return new FusionSpec(parsed.method, parsed.normalization, parsed.weights);
    }

    /**
     * @param rankConstant the block's {@code rank_constant} (rrf only)
     * @param sourceCount  how many sources are fused: {@code weights} must have one number per source
     */
    public ScoreFusion toFusion(int rankConstant, int sourceCount) {
        if (ReciprocalRankFusion.NAME.equals(method)) {
            return new ReciprocalRankFusion(rankConstant);
        }
        if (weights != null && weights.size() != sourceCount) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[hybrid] weights must give one number per source ([lexical, dense]), got %s", weights)
            );
        }
        float[] w = new float[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            w[i] = weights == null ? 1f / sourceCount : weights.get(i);
        }
        return new LinearFusion(ScoreNormalizers.byName(normalization == null ? MinMaxNormalizer.NAME : normalization), w);
    }

    /** Writes {@code "fusion": ...}: the bare method name when nothing else is set. */
    public XContentBuilder toXContent(String fieldName, XContentBuilder builder) throws IOException {
        if (normalization == null && weights == null) {
            return builder.field(fieldName, method);
        }
        builder.startObject(fieldName).field(METHOD_FIELD.getPreferredName(), method);
        if (normalization != null) {
            builder.field(NORMALIZATION_FIELD.getPreferredName(), normalization);
        }
        if (weights != null) {
            builder.field(WEIGHTS_FIELD.getPreferredName(), weights);
        }
        return builder.endObject();
    }
}
