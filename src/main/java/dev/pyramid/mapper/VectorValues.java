package dev.pyramid.mapper;

import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a vector given as a JSON array of numbers, strictly: the caller is positioned on the array's start; every
 * element must be a JSON number (no strings, no nested arrays, no objects, no nulls) and finite as a float.
 * Shared by the mapper (document values) and the query parser (query vectors) so both reject the same input with the
 * same words.
 */
public final class VectorValues {

    private VectorValues() {}

    /**
     * @param what names the vector in error messages, e.g. {@code "field [embedding]"} or {@code "[spi_pyramid] [vector]"}
     */
    public static float[] parse(XContentParser parser, String what) throws IOException {
        if (parser.currentToken() != XContentParser.Token.START_ARRAY) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "%s expects an array of numbers, got [%s]", what, describe(parser))
            );
        }
        float[] values = new float[16];
        int size = 0;
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
            if (token != XContentParser.Token.VALUE_NUMBER) {
                throw new IllegalArgumentException(
                    String.format(
                        Locale.ROOT,
                        "%s expects an array of numbers, but element [%d] is %s",
                        what,
                        size,
                        token == XContentParser.Token.START_ARRAY ? "a nested array" : "[" + describe(parser) + "]"
                    )
                );
            }
            float value = parser.floatValue();
            if (Float.isFinite(value) == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s element [%d] must be a finite float, got [%s]", what, size, parser.text())
                );
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
        return Arrays.copyOf(values, size);
    }

    /** Checks a parsed vector's length against the field's dimension. */
    public static void checkDimension(float[] vector, int dimension, String what) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "%s expects a vector of dimension [%d], got [%d]", what, dimension, vector.length)
            );
        }
    }

    private static String describe(XContentParser parser) throws IOException {
        XContentParser.Token token = parser.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "string \"" + parser.text() + "\"";
            case VALUE_NULL -> "null";
            case VALUE_BOOLEAN -> "boolean " + parser.text();
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }
}
