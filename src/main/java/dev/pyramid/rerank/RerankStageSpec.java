package dev.pyramid.rerank;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the request's {@code rerank} list, as parsed and sent between nodes: the stage's name and parameters,
 * not the stage itself ({@link RerankStageFactory} builds that on the coordinating node). Written as the name, then the
 * record's own fields.
 */
public sealed interface RerankStageSpec extends Writeable, ToXContentObject permits FullPrecisionSpec, DiversitySpec, ModelStageSpec {

    /** The largest {@code window} a stage accepts (OpenSearch's default {@code index.max_result_window}). */
    int MAX_WINDOW = 10_000;

    /** The entry's key in the request, e.g. {@code full_precision}. */
    String stageName();

    /** Writes the stage's parameters, after its name ({@link #writeTo}). */
    void writeParameters(StreamOutput out) throws IOException;

    @Override
    default void writeTo(StreamOutput out) throws IOException {
        out.writeString(stageName());
        writeParameters(out);
    }

    /** The names of the stages, in documentation order. */
    List<String> NAMES = List.of(FullPrecisionSpec.NAME, DiversitySpec.NAME, ModelStageSpec.NAME);

    static RerankStageSpec readFrom(StreamInput in) throws IOException {
        String name = in.readString();
        return switch (name) {
            case FullPrecisionSpec.NAME -> new FullPrecisionSpec(in);
            case DiversitySpec.NAME -> new DiversitySpec(in);
            case ModelStageSpec.NAME -> new ModelStageSpec(in);
            default -> throw new IllegalStateException("unknown rerank stage [" + name + "] on the wire");
        };
    }

    /** Checks a stage's {@code window}: an integer in [1, {@link #MAX_WINDOW}]. */
    static int checkWindow(String stage, int window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] window must be in [1, %d], got [%d]", stage, MAX_WINDOW, window)
            );
        }
        return window;
    }

    /**
     * Parses the {@code rerank} list, positioned on its start: {@code [{"full_precision": {}}, {"diversity": {...}}]},
     * one stage per object, each stage's parameters checked strictly.
     */
    static List<RerankStageSpec> parseList(XContentParser parser) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_ARRAY) {
            throw new ParsingException(parser.getTokenLocation(), "[rerank] must be a list of stages, e.g. [{\"full_precision\": {}}]");
        }
        List<RerankStageSpec> specs = new ArrayList<>();
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
            if (token != XContentParser.Token.START_OBJECT || parser.nextToken() != XContentParser.Token.FIELD_NAME) {
                throw new ParsingException(
                    parser.getTokenLocation(),
                    "[rerank] entry [" + specs.size() + "] must be an object with one stage, e.g. {\"full_precision\": {}}"
                );
            }
            String name = parser.currentName();
            if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new ParsingException(parser.getTokenLocation(), "[rerank] stage [" + name + "] expects an object of parameters");
            }
            XContentLocation location = parser.getTokenLocation();
            try {
                specs.add(switch (name) {
                    case FullPrecisionSpec.NAME -> FullPrecisionSpec.parse(parser);
                    case DiversitySpec.NAME -> DiversitySpec.parse(parser);
                    case ModelStageSpec.NAME -> ModelStageSpec.parse(parser);
                    default -> throw new ParsingException(
                        location,
                        String.format(Locale.ROOT, "[rerank] unknown stage [%s], expected one of %s", name, NAMES)
                    );
                });
            } catch (XContentParseException e) {
                throw e; // already at the bad value's location; the caller unwraps it
            } catch (IllegalArgumentException e) {
                throw new ParsingException(location, e.getMessage(), e);
            }
            if (parser.nextToken() != XContentParser.Token.END_OBJECT) {
                throw new ParsingException(
                    parser.getTokenLocation(),
                    "[rerank] entry [" + (specs.size() - 1) + "] must hold exactly one stage; put each stage in its own object"
                );
            }
        }
        return specs;
    }
}
