package dev.pyramid.hybrid;

import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ConstructingObjectParser;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.Uid;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The query a multi-stage {@code spi_pyramid} becomes on the coordinating node: "exactly these documents, with these
 * scores". Each entry names a concrete index, an {@code _id}, the final score and, when the request asked for
 * {@code explain}, why. A shard matches the entries of its own index, so the normal query and fetch phases page,
 * count, explain and fetch the fused result like any other query:
 *
 * <pre>
 * {"pyramid_scored_ids": {"docs": [{"index": "docs", "id": "7", "score": 0.032}, ...]}}
 * </pre>
 *
 * Scores are finite and >= 0 (Lucene's rule); the coordinating node makes them strictly decreasing in the final order,
 * so that merging the shards' top hits reproduces that order whatever the number of shards.
 */
public final class PyramidScoredIdsQueryBuilder extends AbstractQueryBuilder<PyramidScoredIdsQueryBuilder> {

    public static final String NAME = "pyramid_scored_ids";

    /** One document and its score; {@code explanation} may be null. */
    public record ScoredId(String index, String id, float score, Explanation explanation) {
        public ScoredId {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(id, "id");
            if (Float.isFinite(score) == false || score < 0) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[%s] score must be a finite number >= 0, got [%s] for [%s][%s]", NAME, score, index, id)
                );
            }
        }
    }

    static final ParseField DOCS_FIELD = new ParseField("docs");
    static final ParseField INDEX_FIELD = new ParseField("index");
    static final ParseField ID_FIELD = new ParseField("id");
    static final ParseField SCORE_FIELD = new ParseField("score");
    static final ParseField EXPLANATION_FIELD = new ParseField("explanation");
    static final ParseField VALUE_FIELD = new ParseField("value");
    static final ParseField DESCRIPTION_FIELD = new ParseField("description");
    static final ParseField DETAILS_FIELD = new ParseField("details");
    static final ParseField MATCH_FIELD = new ParseField("match");

    private static final ConstructingObjectParser<ScoredId, Void> DOC_PARSER = new ConstructingObjectParser<>(
        "doc",
        false,
        args -> new ScoredId((String) args[0], (String) args[1], (Float) args[2], (Explanation) args[3])
    );

    private static final ConstructingObjectParser<Explanation, Void> EXPLANATION_PARSER = new ConstructingObjectParser<>(
        "explanation",
        false,
        PyramidScoredIdsQueryBuilder::explanation
    );

    private static final class Parsed {
        List<ScoredId> docs = List.of();
        Float boost;
        String queryName;
    }

    private static final ObjectParser<Parsed, Void> PARSER = new ObjectParser<>(NAME, Parsed::new);

    static {
        EXPLANATION_PARSER.declareFloat(ConstructingObjectParser.constructorArg(), VALUE_FIELD);
        EXPLANATION_PARSER.declareString(ConstructingObjectParser.constructorArg(), DESCRIPTION_FIELD);
        EXPLANATION_PARSER.declareObjectArray(ConstructingObjectParser.optionalConstructorArg(), EXPLANATION_PARSER, DETAILS_FIELD);
        EXPLANATION_PARSER.declareBoolean(ConstructingObjectParser.optionalConstructorArg(), MATCH_FIELD);
        DOC_PARSER.declareString(ConstructingObjectParser.constructorArg(), INDEX_FIELD);
        DOC_PARSER.declareString(ConstructingObjectParser.constructorArg(), ID_FIELD);
        DOC_PARSER.declareFloat(ConstructingObjectParser.constructorArg(), SCORE_FIELD);
        DOC_PARSER.declareObject(ConstructingObjectParser.optionalConstructorArg(), EXPLANATION_PARSER, EXPLANATION_FIELD);
        PARSER.declareObjectArray((p, v) -> p.docs = v, DOC_PARSER, DOCS_FIELD);
        PARSER.declareFloat((p, v) -> p.boost = v, AbstractQueryBuilder.BOOST_FIELD);
        PARSER.declareString((p, v) -> p.queryName = v, AbstractQueryBuilder.NAME_FIELD);
    }

    @SuppressWarnings("unchecked")
    private static Explanation explanation(Object[] args) {
        float value = (Float) args[0];
        String description = (String) args[1];
        List<Explanation> details = args[2] == null ? List.of() : (List<Explanation>) args[2];
        boolean match = args[3] == null || (Boolean) args[3];
        return match ? Explanation.match(value, description, details) : Explanation.noMatch(description, details);
    }

    private final List<ScoredId> docs;

    public PyramidScoredIdsQueryBuilder(List<ScoredId> docs) {
        this.docs = List.copyOf(docs);
    }

    public PyramidScoredIdsQueryBuilder(StreamInput in) throws IOException {
        super(in);
        int size = in.readVInt();
        List<ScoredId> read = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            read.add(new ScoredId(in.readString(), in.readString(), in.readFloat(), in.readBoolean() ? Lucene.readExplanation(in) : null));
        }
        this.docs = List.copyOf(read);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeVInt(docs.size());
        for (ScoredId doc : docs) {
            out.writeString(doc.index());
            out.writeString(doc.id());
            out.writeFloat(doc.score());
            out.writeBoolean(doc.explanation() != null);
            if (doc.explanation() != null) {
                Lucene.writeExplanation(out, doc.explanation());
            }
        }
    }

    public List<ScoredId> docs() {
        return docs;
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.startArray(DOCS_FIELD.getPreferredName());
        for (ScoredId doc : docs) {
            builder.startObject()
                .field(INDEX_FIELD.getPreferredName(), doc.index())
                .field(ID_FIELD.getPreferredName(), doc.id())
                .field(SCORE_FIELD.getPreferredName(), doc.score());
            if (doc.explanation() != null) {
                builder.field(EXPLANATION_FIELD.getPreferredName());
                explanationToXContent(builder, doc.explanation());
            }
            builder.endObject();
        }
        builder.endArray();
        printBoostAndQueryName(builder);
        builder.endObject();
    }

    private static void explanationToXContent(XContentBuilder builder, Explanation explanation) throws IOException {
        builder.startObject();
        builder.field(VALUE_FIELD.getPreferredName(), explanation.getValue().floatValue());
        builder.field(DESCRIPTION_FIELD.getPreferredName(), explanation.getDescription());
        if (explanation.isMatch() == false) {
            builder.field(MATCH_FIELD.getPreferredName(), false);
        }
        if (explanation.getDetails().length > 0) {
            builder.startArray(DETAILS_FIELD.getPreferredName());
            for (Explanation detail : explanation.getDetails()) {
                explanationToXContent(builder, detail);
            }
            builder.endArray();
        }
        builder.endObject();
    }

    public static PyramidScoredIdsQueryBuilder fromXContent(XContentParser parser) throws IOException {
        Parsed parsed = StrictParsing.parse(parser, p -> PARSER.parse(p, null));
        try {
            PyramidScoredIdsQueryBuilder builder = new PyramidScoredIdsQueryBuilder(parsed.docs).queryName(parsed.queryName);
            return parsed.boost == null ? builder : builder.boost(parsed.boost);
        } catch (IllegalArgumentException e) {
            throw new ParsingException(parser.getTokenLocation(), e.getMessage(), e);
        }
    }

    @Override
    protected Query doToQuery(QueryShardContext context) {
        String index = context.index().getName();
        Map<BytesRef, ScoredIdsQuery.Scored> byId = new HashMap<>();
        for (ScoredId doc : docs) {
            if (doc.index().equals(index)) {
                byId.put(Uid.encodeId(doc.id()), new ScoredIdsQuery.Scored(doc.score(), doc.explanation()));
            }
        }
        if (byId.isEmpty()) {
            return new MatchNoDocsQuery("no scored ids in index [" + index + "]");
        }
        return new ScoredIdsQuery(IdFieldMapper.NAME, byId);
    }

    @Override
    protected boolean doEquals(PyramidScoredIdsQueryBuilder other) {
        return docs.equals(other.docs);
    }

    @Override
    protected int doHashCode() {
        return docs.hashCode();
    }
}
