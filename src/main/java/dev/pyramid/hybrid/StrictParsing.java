package dev.pyramid.hybrid;

import org.opensearch.common.CheckedFunction;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;

/**
 * Runs an {@code ObjectParser} and turns its wrapped errors ({@code [1:23] [diversity] failed to parse field [lambda]}
 * around the real reason) into one {@link ParsingException} at the offending location that says what is wrong.
 */
public final class StrictParsing {

    private StrictParsing() {}

    public static <T> T parse(XContentParser parser, CheckedFunction<XContentParser, T, IOException> objectParser) throws IOException {
        try {
            return objectParser.apply(parser);
        } catch (XContentParseException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof ParsingException || cause == null || cause.getMessage() == null
                ? e.getMessage()
                : e.getMessage() + ": " + cause.getMessage();
            throw new ParsingException(e.getLineNumber(), e.getColumnNumber(), message, cause != null ? cause : e);
        }
    }
}
