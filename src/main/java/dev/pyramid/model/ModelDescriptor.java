package dev.pyramid.model;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.ParseField;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * A model's {@code model.json}: what the model is and how to run it. For example, all-MiniLM-L6-v2:
 *
 * <pre>
 * {"kind": "embedding", "pooling": "mean", "normalize": true, "max_length": 256,
 *  "output": "last_hidden_state", "dimension": 384, "batch_size": 32}
 * </pre>
 *
 * <ul>
 *   <li>{@code kind}: {@code embedding}, {@code cross_encoder} or {@code late_interaction} (required);</li>
 *   <li>{@code max_length}: tokens per text (or per query-passage pair); longer input is truncated (required);</li>
 *   <li>{@code output}: the ONNX output to read; default {@code last_hidden_state} ({@code [batch, tokens, dim]}), for
 *       a cross-encoder {@code logits} ({@code [batch]} or {@code [batch, 1]});</li>
 *   <li>{@code dimension}: the vector size (required for {@code embedding} and {@code late_interaction});</li>
 *   <li>{@code pooling}: {@code mean} (default) or {@code cls}, {@code embedding} only;</li>
 *   <li>{@code normalize}: L2-normalise vectors (default true), not for {@code cross_encoder};</li>
 *   <li>{@code batch_size}: texts per ONNX run, bounding the memory of one call (default 32).</li>
 * </ul>
 */
public record ModelDescriptor(
    ModelKind kind,
    int maxLength,
    String output,
    int dimension,
    Pooling pooling,
    boolean normalize,
    int batchSize
) {

    public static final String FILE_NAME = "model.json";
    public static final int MAX_MAX_LENGTH = 8192;
    public static final int MAX_DIMENSION = 4096;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int MAX_BATCH_SIZE = 256;
    static final String DEFAULT_TOKEN_OUTPUT = "last_hidden_state";
    static final String DEFAULT_SCORE_OUTPUT = "logits";

    private static final ParseField KIND = new ParseField("kind");
    private static final ParseField MAX_LENGTH = new ParseField("max_length");
    private static final ParseField OUTPUT = new ParseField("output");
    private static final ParseField DIMENSION = new ParseField("dimension");
    private static final ParseField POOLING = new ParseField("pooling");
    private static final ParseField NORMALIZE = new ParseField("normalize");
    private static final ParseField BATCH_SIZE = new ParseField("batch_size");

    /** The descriptor's values as written, before the checks that need several of them. */
    private static final class Written {
        String kind;
        Integer maxLength;
        String output;
        Integer dimension;
        String pooling;
        Boolean normalize;
        Integer batchSize;
    }

    private static final ObjectParser<Written, Void> PARSER = new ObjectParser<>(FILE_NAME, Written::new);

    static {
        PARSER.declareString((w, v) -> w.kind = v, KIND);
        PARSER.declareInt((w, v) -> w.maxLength = v, MAX_LENGTH);
        PARSER.declareString((w, v) -> w.output = v, OUTPUT);
        PARSER.declareInt((w, v) -> w.dimension = v, DIMENSION);
        PARSER.declareString((w, v) -> w.pooling = v, POOLING);
        PARSER.declareBoolean((w, v) -> w.normalize = v, NORMALIZE);
        PARSER.declareInt((w, v) -> w.batchSize = v, BATCH_SIZE);
    }

    /**
     * Reads a descriptor strictly: unknown keys, missing required keys, keys that do not apply to the kind and values
     * out of range are all errors.
     *
     * @throws IllegalArgumentException saying what is wrong (the caller adds the model and file)
     */
    public static ModelDescriptor parse(InputStream json) throws IOException {
        Written w;
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                json
            )
        ) {
            w = PARSER.parse(parser, null);
        } catch (XContentParseException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(cause == null ? e.getMessage() : e.getMessage() + ": " + cause.getMessage(), e);
        }
        if (w.kind == null) {
            throw new IllegalArgumentException("[kind] is required");
        }
        ModelKind kind = ModelKind.fromJsonName(w.kind);
        int maxLength = inRange(MAX_LENGTH, required(MAX_LENGTH, w.maxLength), 1, MAX_MAX_LENGTH);
        int batchSize = inRange(BATCH_SIZE, w.batchSize == null ? DEFAULT_BATCH_SIZE : w.batchSize, 1, MAX_BATCH_SIZE);
        if (w.output != null && w.output.isBlank()) {
            throw new IllegalArgumentException("[output] must not be empty");
        }
        if (kind == ModelKind.CROSS_ENCODER) {
            notFor(kind, DIMENSION, w.dimension);
            notFor(kind, POOLING, w.pooling);
            notFor(kind, NORMALIZE, w.normalize);
            String output = w.output == null ? DEFAULT_SCORE_OUTPUT : w.output;
            return new ModelDescriptor(kind, maxLength, output, 0, null, false, batchSize);
        }
        int dimension = inRange(DIMENSION, required(DIMENSION, w.dimension), 1, MAX_DIMENSION);
        Pooling pooling = null;
        if (kind == ModelKind.EMBEDDING) {
            pooling = w.pooling == null ? Pooling.MEAN : Pooling.fromJsonName(w.pooling);
        } else {
            notFor(kind, POOLING, w.pooling);
        }
        String output = w.output == null ? DEFAULT_TOKEN_OUTPUT : w.output;
        return new ModelDescriptor(kind, maxLength, output, dimension, pooling, w.normalize == null || w.normalize, batchSize);
    }

    private static int required(ParseField field, Integer value) {
        if (value == null) {
            throw new IllegalArgumentException("[" + field.getPreferredName() + "] is required");
        }
        return value;
    }

    private static int inRange(ParseField field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] must be in [%d, %d], got [%d]", field.getPreferredName(), min, max, value)
            );
        }
        return value;
    }

    private static void notFor(ModelKind kind, ParseField field, Object value) {
        if (value != null) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] does not apply to a [%s] model", field.getPreferredName(), kind.jsonName())
            );
        }
    }
}
