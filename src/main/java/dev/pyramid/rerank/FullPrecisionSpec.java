package dev.pyramid.rerank;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;

/**
 * {@code {"full_precision": {"window": n}}}: rescore with the exact similarity of each candidate's full-precision vector
 * (see {@link FullPrecisionStage}). {@code window} defaults to every candidate.
 */
public record FullPrecisionSpec(int window) implements RerankStageSpec {

    public static final String NAME = "full_precision";
    static final ParseField WINDOW_FIELD = new ParseField("window");

    private static final ObjectParser<int[], Void> PARSER = new ObjectParser<>(NAME, () -> new int[] { RerankStage.ALL });

    static {
        PARSER.declareInt((w, v) -> w[0] = RerankStageSpec.checkWindow(NAME, v), WINDOW_FIELD);
    }

    public FullPrecisionSpec {
        if (window != RerankStage.ALL) {
            RerankStageSpec.checkWindow(NAME, window);
        }
    }

    FullPrecisionSpec(StreamInput in) throws IOException {
        this(in.readVInt());
    }

    public static FullPrecisionSpec parse(XContentParser parser) throws IOException {
        return new FullPrecisionSpec(PARSER.parse(parser, null)[0]);
    }

    @Override
    public String stageName() {
        return NAME;
    }

    @Override
    public void writeParameters(StreamOutput out) throws IOException {
        out.writeVInt(window);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().startObject(NAME);
        if (window != RerankStage.ALL) {
            builder.field(WINDOW_FIELD.getPreferredName(), window);
        }
        return builder.endObject().endObject();
    }
}
