package dev.pyramid.codec.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import org.apache.lucene.util.BytesRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts vectors out of a JSON {@code _source} and splices them back, byte for byte everywhere else.
 *
 * <p>Only values of top-level keys are touched: an array of the dimension {@link StrippableFields} gives for the
 * key is replaced by the placeholder {@code []}; on the way back a top-level {@code []} for which the
 * segment has a vector is replaced by that vector's float32 values. The placeholder cannot be mistaken for a
 * user's value: an empty array is not a vector, so a document whose key holds a user's {@code []} has no vector
 * for it and is left alone.
 *
 * <p>Why splicing and not a parse into a map and a new serialisation: the rest of the document keeps its exact
 * bytes (number spellings, whitespace, key order), so the only difference a user can see is the vector's spelling
 * (float32 values, {@link Float#toString}). Sources that are not a JSON object (SMILE, CBOR, YAML, malformed) are
 * left unchanged.
 */
final class SourceVectorsJson {

    static final byte[] PLACEHOLDER = { '[', ']' };

    /**
     * Without Jackson's default read limits (nesting depth, string and name lengths): OpenSearch accepted the
     * document under its own limits, and a source this class cannot read is only ever kept as it is. Jackson's
     * factories are immutable and thread-safe.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
        // As OpenSearch's own JSON factory: the shared name table's overflow check must not fail a read on the history
        // of other documents (canonicalising names stays on: Jackson's byte-offset UTF-8 parser needs it).
        .disable(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW)
        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .maxNumberLength(Integer.MAX_VALUE)
                .build()
        )
        .build();

    private SourceVectorsJson() {}

    /** A byte range {@code [start, end)} of the source and what goes there instead. */
    private record Splice(int start, int end, byte[] replacement) {}

    /**
     * The source with every recognised vector replaced by {@link #PLACEHOLDER}, or {@code null} when nothing was
     * replaced (the caller keeps the original bytes), which includes a source Jackson cannot read: a document is never
     * refused here.
     */
    static BytesRef strip(BytesRef source, StrippableFields fields) {
        if (startsWithObject(source.bytes, source.offset, source.length) == false) {
            return null;
        }
        List<Splice> splices = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(source.bytes, source.offset, source.length)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                int dimension = value == JsonToken.START_ARRAY ? fields.dimensionOf(key) : StrippableFields.NOT_STRIPPABLE;
                if (dimension == StrippableFields.NOT_STRIPPABLE) {
                    parser.skipChildren();
                    continue;
                }
                int start = offset(parser);
                if (start < 0) {
                    return null; // not UTF-8 (Jackson reads UTF-16/32 by characters): byte offsets unknown
                }
                if (isNumberArray(parser, dimension)) {
                    splices.add(new Splice(start, offset(parser) + 1, PLACEHOLDER));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only Jackson can throw here (the bytes are in memory), and a stored-fields writer that throws aborts
            // the whole IndexWriter: keep the source as sent.
            return null;
        }
        return splices.isEmpty() ? null : new BytesRef(splice(source.bytes, source.offset, source.length, splices));
    }

    /** The source with the vector of every placeholder that {@code vectors} knows spliced in; the same array if none. */
    static byte[] restore(byte[] source, SourceVectorLookup vectors) throws IOException {
        if (startsWithObject(source, 0, source.length) == false) {
            return source;
        }
        List<Splice> splices = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(source)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY) {
                    int start = offset(parser);
                    if (start < 0) {
                        return source; // not UTF-8, so never stripped
                    }
                    int close = skipWhitespace(source, start + 1, source.length);
                    if (close < source.length && source[close] == ']') {
                        float[] vector = vectors.vector(key);
                        if (vector != null) {
                            splices.add(new Splice(start, close + 1, toJson(vector)));
                        }
                    }
                }
                parser.skipChildren();
            }
        } catch (JsonProcessingException e) {
            // Not JSON after all: the writer cannot have stripped it.
            return source;
        }
        return splices.isEmpty() ? source : splice(source, 0, source.length, splices);
    }

    /**
     * Reads the array the parser stands on up to its end and says whether it is {@code dimension} numbers, the shape
     * of the vector the document marked (a last check: the mapper validated the array when it indexed it). Numbers
     * are counted, not decoded: Jackson decodes a number only when asked.
     */
    private static boolean isNumberArray(JsonParser parser, int dimension) throws IOException {
        int count = 0;
        boolean numbersOnly = true;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token.isNumeric()) {
                count++;
            } else {
                numbersOnly = false;
                parser.skipChildren();
            }
        }
        return numbersOnly && count == dimension;
    }

    /** The token's byte offset from the start of the content Jackson was given, or -1 when it reads characters. */
    private static int offset(JsonParser parser) {
        return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    }

    private static boolean startsWithObject(byte[] bytes, int offset, int length) {
        int first = skipWhitespace(bytes, offset, offset + length);
        return first < offset + length && bytes[first] == '{';
    }

    private static int skipWhitespace(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static byte[] splice(byte[] bytes, int offset, int length, List<Splice> splices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
        int copied = 0;
        for (Splice splice : splices) {
            out.write(bytes, offset + copied, splice.start() - copied);
            out.writeBytes(splice.replacement());
            copied = splice.end();
        }
        out.write(bytes, offset + copied, length - copied);
        return out.toByteArray();
    }

    static byte[] toJson(float[] vector) {
        StringBuilder json = new StringBuilder(vector.length * 12 + 2).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(vector[i]);
        }
        return json.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
