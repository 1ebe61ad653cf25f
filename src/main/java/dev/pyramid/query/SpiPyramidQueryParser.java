package dev.pyramid.query;

import dev.pyramid.hybrid.HybridSpec;
import dev.pyramid.hybrid.MultiStageSpec;
import dev.pyramid.hybrid.StrictParsing;
import dev.pyramid.mapper.VectorValues;
import dev.pyramid.rerank.RerankStageSpec;

import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import static dev.pyramid.query.SpiPyramidQueryBuilder.DEPTH_AUTO;
import static dev.pyramid.query.SpiPyramidQueryBuilder.DEPTH_AUTO_NAME;
import static dev.pyramid.query.SpiPyramidQueryBuilder.DEPTH_FIELD;
import static dev.pyramid.query.SpiPyramidQueryBuilder.FILTER_FIELD;
import static dev.pyramid.query.SpiPyramidQueryBuilder.K_FIELD;
import static dev.pyramid.query.SpiPyramidQueryBuilder.NAME;
import static dev.pyramid.query.SpiPyramidQueryBuilder.OVERSAMPLE_FIELD;
import static dev.pyramid.query.SpiPyramidQueryBuilder.VECTOR_FIELD;

/**
 * Parses {@code {"spi_pyramid": {"<field>": {...}}}} strictly: one field, known keys only, every value checked, and
 * every error a {@link ParsingException} at the location of the offending value. Beside the field, the reserved keys
 * {@code hybrid} ({@link HybridSpec}) and {@code rerank} ({@link RerankStageSpec#parseList}) make it a multi-stage
 * retrieval.
 */
final class SpiPyramidQueryParser {

    /** What the field's object holds while it is being parsed; checked once complete. */
    private static final class Parsed {
        float[] vector;
        Integer k;
        QueryBuilder filter;
        int depth = DEPTH_AUTO;
        float[] oversample;
        Float boost;
        String queryName;
    }

    private static final ObjectParser<Parsed, Void> FIELD_PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        FIELD_PARSER.declareField(
            (p, v) -> p.vector = v,
            (parser, c) -> VectorValues.parse(parser, "[" + NAME + "] [vector]"),
            VECTOR_FIELD,
            ObjectParser.ValueType.FLOAT_ARRAY
        );
        FIELD_PARSER.declareInt((p, v) -> p.k = v, K_FIELD);
        FIELD_PARSER.declareObject((p, v) -> p.filter = v, (parser, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(parser), FILTER_FIELD);
        FIELD_PARSER.declareField((p, v) -> p.depth = v, (parser, c) -> parseDepth(parser), DEPTH_FIELD, ObjectParser.ValueType.VALUE);
        FIELD_PARSER.declareField(
            (p, v) -> p.oversample = v,
            (parser, c) -> parseOversample(parser),
            OVERSAMPLE_FIELD,
            ObjectParser.ValueType.VALUE_ARRAY
        );
        FIELD_PARSER.declareFloat((p, v) -> p.boost = v, AbstractQueryBuilder.BOOST_FIELD);
        FIELD_PARSER.declareString((p, v) -> p.queryName = v, AbstractQueryBuilder.NAME_FIELD);
    }

    private SpiPyramidQueryParser() {}

    static SpiPyramidQueryBuilder parse(XContentParser parser) throws IOException {
        String fieldName = null;
        Parsed parsed = null;
        XContentLocation fieldLocation = parser.getTokenLocation();
        String currentName = null;
        HybridSpec hybrid = null;
        List<RerankStageSpec> rerank = List.of();
        XContentParser.Token token;
        while ((token = parser.nextToken()) != XContentParser.Token.END_OBJECT) {
            if (token == XContentParser.Token.FIELD_NAME) {
                currentName = parser.currentName();
            } else if (HybridSpec.NAME.equals(currentName)) {
                hybrid = HybridSpec.parse(parser);
            } else if (MultiStageSpec.RERANK_FIELD.equals(currentName)) {
                rerank = StrictParsing.parse(parser, RerankStageSpec::parseList);
            } else if (token == XContentParser.Token.START_OBJECT) {
                if (fieldName != null) {
                    throw new ParsingException(
                        parser.getTokenLocation(),
                        String.format(Locale.ROOT, "[%s] queries one field, got [%s] and [%s]", NAME, fieldName, currentName)
                    );
                }
                fieldName = currentName;
                fieldLocation = parser.getTokenLocation();
                parsed = parseField(parser);
            } else {
                throw new ParsingException(
                    parser.getTokenLocation(),
                    String.format(
                        Locale.ROOT,
                        "[%s] expects an object per field, e.g. {\"%s\": {\"vector\": [...], \"k\": 10}}, got [%s] for [%s]",
                        NAME,
                        currentName,
                        token,
                        currentName
                    )
                );
            }
        }
        if (fieldName == null) {
            throw new ParsingException(
                parser.getTokenLocation(),
                String.format(Locale.ROOT, "[%s] needs a field, e.g. {\"%s\": {\"embedding\": {\"vector\": [...], \"k\": 10}}}", NAME, NAME)
            );
        }
        if (parsed.vector == null) {
            throw new ParsingException(fieldLocation, String.format(Locale.ROOT, "[%s] field [%s] requires a [vector]", NAME, fieldName));
        }
        try {
            SpiPyramidQueryBuilder builder = new SpiPyramidQueryBuilder(
                fieldName,
                parsed.vector,
                parsed.k == null ? SpiPyramidQueryBuilder.DEFAULT_K : parsed.k
            ).filter(parsed.filter).depth(parsed.depth);
            if (parsed.oversample != null) {
                builder.oversample(parsed.oversample);
            }
            if (parsed.boost != null) {
                builder.boost(parsed.boost);
            }
            if (hybrid != null || rerank.isEmpty() == false) {
                builder.multiStage(new MultiStageSpec(hybrid, rerank));
            }
            return builder.queryName(parsed.queryName);
        } catch (IllegalArgumentException e) {
            throw new ParsingException(fieldLocation, e.getMessage(), e);
        }
    }

    /** Parses the field's object, turning ObjectParser's wrapped errors into one message that says what is wrong. */
    private static Parsed parseField(XContentParser parser) throws IOException {
        return StrictParsing.parse(parser, p -> FIELD_PARSER.parse(p, null));
    }

    private static int parseDepth(XContentParser parser) throws IOException {
        if (parser.currentToken() == XContentParser.Token.VALUE_STRING && DEPTH_AUTO_NAME.equals(parser.text())) {
            return DEPTH_AUTO;
        }
        if (parser.currentToken() == XContentParser.Token.VALUE_NUMBER) {
            XContentParser.NumberType type = parser.numberType();
            if (type == XContentParser.NumberType.INT || type == XContentParser.NumberType.LONG) {
                long depth = parser.longValue();
                if (depth >= 1 && depth <= Integer.MAX_VALUE) {
                    return (int) depth;
                }
            }
        }
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "[%s] depth must be \"auto\" or a level number >= 1, got [%s]", NAME, parser.text())
        );
    }

    private static float[] parseOversample(XContentParser parser) throws IOException {
        if (parser.currentToken() == XContentParser.Token.START_ARRAY) {
            return VectorValues.parse(parser, "[" + NAME + "] [oversample]");
        }
        if (parser.currentToken() == XContentParser.Token.VALUE_NUMBER) {
            return new float[] { parser.floatValue() };
        }
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "[%s] oversample must be a number or a list of numbers, got [%s]", NAME, parser.text())
        );
    }
}
