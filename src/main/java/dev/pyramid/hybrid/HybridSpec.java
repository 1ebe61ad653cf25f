package dev.pyramid.hybrid;

import dev.pyramid.rerank.RerankStageSpec;
import dev.pyramid.rerank.fusion.FusionSpec;
import dev.pyramid.rerank.fusion.ReciprocalRankFusion;
import dev.pyramid.rerank.fusion.ScoreFusion;

import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code hybrid} block of an {@code spi_pyramid} query:
 *
 * <pre>
 * "hybrid": {"lexical": {"match": {"text": "..."}}, "fusion": "rrf", "rank_constant": 60, "window": 100}
 * </pre>
 *
 * {@code lexical} (required) is any query; its top {@code window} hits and the dense top {@code min(k, window)} are
 * fused with {@code fusion} ({@code rrf} by default; see {@link FusionSpec}); {@code rank_constant} (rrf only, default
 * 60) is RRF's {@code k}; {@code window} (default 100, at most 10,000) is also the length of the fused list.
 */
public final class HybridSpec implements Writeable {

    public static final String NAME = "hybrid";
    public static final int DEFAULT_WINDOW = 100;

    static final ParseField LEXICAL_FIELD = new ParseField("lexical");
    static final ParseField FUSION_FIELD = new ParseField("fusion");
    static final ParseField RANK_CONSTANT_FIELD = new ParseField("rank_constant");
    static final ParseField WINDOW_FIELD = new ParseField("window");

    /** The sources a hybrid block fuses: lexical first, as in the order of {@code weights}. */
    public static final int SOURCE_COUNT = 2;

    private final QueryBuilder lexical;
    private final FusionSpec fusion;
    private final Integer rankConstant;
    private final int window;

    private static final class Parsed {
        QueryBuilder lexical;
        FusionSpec fusion = FusionSpec.RRF;
        Integer rankConstant;
        int window = DEFAULT_WINDOW;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        PARSER.declareObject((p, v) -> p.lexical = v, (parser, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(parser), LEXICAL_FIELD);
        PARSER.declareField((p, v) -> p.fusion = v, (parser, c) -> FusionSpec.parse(parser), FUSION_FIELD, ObjectParser.ValueType.OBJECT_OR_STRING);
        PARSER.declareInt((p, v) -> p.rankConstant = v, RANK_CONSTANT_FIELD);
        PARSER.declareInt((p, v) -> p.window = v, WINDOW_FIELD);
    }

    /** @param rankConstant null for the default (rrf) or when the fusion is not rrf */
    public HybridSpec(QueryBuilder lexical, FusionSpec fusion, Integer rankConstant, int window) {
        if (lexical == null) {
            throw new IllegalArgumentException("[hybrid] requires a [lexical] query, e.g. {\"match\": {\"text\": \"...\"}}");
        }
        if (rankConstant != null && ReciprocalRankFusion.NAME.equals(fusion.method()) == false) {
            throw new IllegalArgumentException("[hybrid] rank_constant applies only to fusion [rrf], got fusion [" + fusion.method() + "]");
        }
        if (window < 1 || window > RerankStageSpec.MAX_WINDOW) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[hybrid] window must be in [1, %d], got [%d]", RerankStageSpec.MAX_WINDOW, window)
            );
        }
        this.lexical = lexical;
        this.fusion = Objects.requireNonNull(fusion);
        this.rankConstant = rankConstant;
        this.window = window;
        toFusion();
    }

    public HybridSpec(StreamInput in) throws IOException {
        this(in.readNamedWriteable(QueryBuilder.class), new FusionSpec(in), in.readOptionalVInt(), in.readVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeNamedWriteable(lexical);
        fusion.writeTo(out);
        out.writeOptionalVInt(rankConstant);
        out.writeVInt(window);
    }

    /** Parses the block, positioned on its start; errors are {@link ParsingException}s at the offending value. */
    public static HybridSpec parse(XContentParser parser) throws IOException {
        XContentLocation location = parser.getTokenLocation();
        Parsed parsed = StrictParsing.parse(parser, p -> PARSER.parse(p, null));
        try {
            return new HybridSpec(parsed.lexical, parsed.fusion, parsed.rankConstant, parsed.window);
        } catch (IllegalArgumentException e) {
            throw new ParsingException(location, e.getMessage(), e);
        }
    }

    public QueryBuilder lexical() {
        return lexical;
    }

    public FusionSpec fusion() {
        return fusion;
    }

    public int rankConstant() {
        return rankConstant == null ? ReciprocalRankFusion.DEFAULT_RANK_CONSTANT : rankConstant;
    }

    public int window() {
        return window;
    }

    public ScoreFusion toFusion() {
        return fusion.toFusion(rankConstant(), SOURCE_COUNT);
    }

    /** This block with another lexical query (after rewriting it). */
    public HybridSpec withLexical(QueryBuilder newLexical) {
        return new HybridSpec(newLexical, fusion, rankConstant, window);
    }

    public XContentBuilder toXContent(XContentBuilder builder) throws IOException {
        builder.startObject(NAME);
        builder.field(LEXICAL_FIELD.getPreferredName(), lexical);
        fusion.toXContent(FUSION_FIELD.getPreferredName(), builder);
        if (rankConstant != null) {
            builder.field(RANK_CONSTANT_FIELD.getPreferredName(), rankConstant);
        }
        builder.field(WINDOW_FIELD.getPreferredName(), window);
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HybridSpec other
            && lexical.equals(other.lexical)
            && fusion.equals(other.fusion)
            && Objects.equals(rankConstant, other.rankConstant)
            && window == other.window;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lexical, fusion, rankConstant, window);
    }
}
