package dev.pyramid.rerank;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;

/**
 * {@code {"model": {"name": "minilm", "text_field": "text", "window": 20}}}: rerank the top {@code window} candidates
 * with a model from the node's model directory, reading each candidate's {@code text_field}. Only the request's form:
 * the stage itself comes from the {@link ModelStageFactory} the plugin is wired with, which also decides what kind of
 * scorer the named model is (cross-encoder, late interaction).
 */
public record ModelStageSpec(String name, String textField, int window) implements RerankStageSpec {

    public static final String NAME = "model";
    public static final int DEFAULT_WINDOW = 20;

    static final ParseField NAME_FIELD = new ParseField("name");
    static final ParseField TEXT_FIELD = new ParseField("text_field");
    static final ParseField WINDOW_FIELD = new ParseField("window");

    private static final class Parsed {
        String name;
        String textField;
        int window = DEFAULT_WINDOW;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        PARSER.declareString((p, v) -> p.name = v, NAME_FIELD);
        PARSER.declareString((p, v) -> p.textField = v, TEXT_FIELD);
        PARSER.declareInt((p, v) -> p.window = RerankStageSpec.checkWindow(NAME, v), WINDOW_FIELD);
    }

    public ModelStageSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] requires a [name]: the model's directory under <config>/pyramid/models/");
        }
        if (textField == null || textField.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] requires a [text_field]: the _source field holding each candidate's text");
        }
        RerankStageSpec.checkWindow(NAME, window);
    }

    ModelStageSpec(StreamInput in) throws IOException {
        this(in.readString(), in.readString(), in.readVInt());
    }

    public static ModelStageSpec parse(XContentParser parser) throws IOException {
        Parsed parsed = PARSER.parse(parser, null);
        return new ModelStageSpec(parsed.name, parsed.textField, parsed.window);
    }

    @Override
    public String stageName() {
        return NAME;
    }

    @Override
    public void writeParameters(StreamOutput out) throws IOException {
        out.writeString(name);
        out.writeString(textField);
        out.writeVInt(window);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .startObject(NAME)
            .field(NAME_FIELD.getPreferredName(), name)
            .field(TEXT_FIELD.getPreferredName(), textField)
            .field(WINDOW_FIELD.getPreferredName(), window)
            .endObject()
            .endObject();
    }
}
