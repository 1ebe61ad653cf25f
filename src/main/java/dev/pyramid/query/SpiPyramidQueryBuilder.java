package dev.pyramid.query;

import dev.pyramid.codec.pyramid1.PyramidSearchStrategy;
import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.codec.pyramid1.SearchTrace;
import dev.pyramid.controller.ControllerSettings;
import dev.pyramid.hybrid.HybridSearch;
import dev.pyramid.hybrid.MultiStageSpec;
import dev.pyramid.hybrid.PyramidScoredIdsQueryBuilder;
import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.mapper.VectorValues;
import dev.pyramid.settings.PyramidSettings;

import org.apache.lucene.search.Query;
import org.apache.lucene.util.SetOnce;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.MatchNoneQueryBuilder;
import org.opensearch.index.query.QueryCoordinatorContext;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.QueryShardException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The {@code spi_pyramid} query: the {@code k} nearest neighbours of a vector in a {@code pyramid_vector} field,
 * optionally restricted by a filter. The field is the key, as in the k-NN plugin's {@code knn} query:
 *
 * <pre>
 * {"spi_pyramid": {"embedding": {"vector": [...], "k": 10, "filter": {...}, "depth": "auto", "oversample": 3.0}}}
 * </pre>
 *
 * <p>Each shard returns its {@code k} best documents; the coordinating node merges them, so a search's {@code size}
 * should not exceed {@code k}. {@code depth} ({@code "auto"} or a level number, 1 = coarsest) and
 * {@code oversample} (candidate window per level, as a multiple of {@code k}; one number for all levels or one per
 * coarse level) steer the coarse-to-fine search.
 *
 * <p>With a {@code hybrid} block and/or a {@code rerank} list beside the field ({@link MultiStageSpec}), the query is a
 * multi-stage retrieval that the coordinating node resolves during its rewrite ({@link HybridSearch}) into a
 * {@link PyramidScoredIdsQueryBuilder}; such a query never reaches a shard.
 */
public final class SpiPyramidQueryBuilder extends AbstractQueryBuilder<SpiPyramidQueryBuilder> {

    public static final String NAME = "spi_pyramid";

    static final ParseField VECTOR_FIELD = new ParseField("vector");
    static final ParseField K_FIELD = new ParseField("k");
    static final ParseField FILTER_FIELD = new ParseField("filter");
    static final ParseField DEPTH_FIELD = new ParseField("depth");
    static final ParseField OVERSAMPLE_FIELD = new ParseField("oversample");

    public static final int DEFAULT_K = 10;
    /** {@code depth} value meaning "let the controller decide". */
    public static final int DEPTH_AUTO = SearchPlan.DEPTH_AUTO;
    public static final String DEPTH_AUTO_NAME = "auto";
    public static final float DEFAULT_OVERSAMPLE = SearchPlan.DEFAULT_OVERSAMPLE;
    public static final float MAX_OVERSAMPLE = 1000.0f;

    private final String fieldName;
    private final float[] vector;
    private final int k;
    private QueryBuilder filter;
    private int depth = DEPTH_AUTO;
    private float[] oversample;
    /** Told the deepest level each search reached (node stats); transient: not serialized, not part of equality. */
    private IntConsumer levelListener;
    /** The {@code hybrid} block and {@code rerank} list, or null for a plain k-NN query. */
    private MultiStageSpec multiStage;
    /** Resolves a multi-stage query on the coordinating node; transient, wired by the plugin like the listener. */
    private HybridSearch hybridSearch;
    /** The result of the coordinator's resolution, once its asynchronous action ran; transient. */
    private Supplier<PyramidScoredIdsQueryBuilder> resolved;

    public SpiPyramidQueryBuilder(String fieldName, float[] vector, int k) {
        if (fieldName == null || fieldName.isEmpty()) {
            throw new IllegalArgumentException("[" + NAME + "] requires a field name");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("[" + NAME + "] requires a non-empty [vector] for field [" + fieldName + "]");
        }
        if (k <= 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "[%s] k must be > 0, got [%d]", NAME, k));
        }
        this.fieldName = fieldName;
        this.vector = vector.clone();
        this.k = k;
    }

    public SpiPyramidQueryBuilder(StreamInput in) throws IOException {
        super(in);
        this.fieldName = in.readString();
        this.vector = in.readFloatArray();
        this.k = in.readVInt();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.depth = in.readVInt();
        this.oversample = in.readBoolean() ? in.readFloatArray() : null;
        this.multiStage = in.readOptionalWriteable(MultiStageSpec::new);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(fieldName);
        out.writeFloatArray(vector);
        out.writeVInt(k);
        out.writeOptionalNamedWriteable(filter);
        out.writeVInt(depth);
        out.writeBoolean(oversample != null);
        if (oversample != null) {
            out.writeFloatArray(oversample);
        }
        out.writeOptionalWriteable(multiStage);
    }

    /**
     * Restricts the search to documents matching {@code filter}, applied while the nearest neighbours are collected
     * (a pre-filter). This overrides {@link AbstractQueryBuilder#filter(QueryBuilder)}, which enclosing queries (e.g. the
     * hybrid query) call to push a filter down and which by default wraps the query in a {@code bool} query: that
     * would filter the top {@code k} afterwards and return fewer than {@code k} hits. As in the k-NN plugin's
     * {@code knn} query, the filter goes into the pre-filter instead; a second filter narrows the first rather than
     * replacing it, and {@code null} leaves the query unchanged.
     */
    @Override
    public SpiPyramidQueryBuilder filter(QueryBuilder filter) {
        if (validateFilterParams(filter) == false) {
            return this;
        }
        this.filter = this.filter == null ? filter : new BoolQueryBuilder().filter(this.filter).filter(filter);
        return this;
    }

    /** Where the Lucene query reports the deepest level it reached, for node stats. */
    public SpiPyramidQueryBuilder levelListener(IntConsumer listener) {
        this.levelListener = listener;
        return this;
    }

    /** Makes this a multi-stage retrieval ({@code hybrid} and/or {@code rerank}); null for a plain k-NN query. */
    public SpiPyramidQueryBuilder multiStage(MultiStageSpec spec) {
        this.multiStage = spec;
        return this;
    }

    /** The multi-stage part, or null. */
    public MultiStageSpec multiStage() {
        return multiStage;
    }

    /** Where a multi-stage query is resolved on the coordinating node (wired by the plugin). */
    public SpiPyramidQueryBuilder hybridSearch(HybridSearch search) {
        this.hybridSearch = search;
        return this;
    }

    /** The plain dense retrieval of this query: same field, vector, k, filter, depth and oversample; no stages, boost or name. */
    public SpiPyramidQueryBuilder denseOnly() {
        SpiPyramidQueryBuilder dense = new SpiPyramidQueryBuilder(fieldName, vector, k).filter(filter).depth(depth);
        if (oversample != null) {
            dense.oversample(oversample);
        }
        return dense.levelListener(levelListener);
    }

    /** @param depth {@link #DEPTH_AUTO} or a level number, 1 = coarsest */
    public SpiPyramidQueryBuilder depth(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[%s] depth must be \"auto\" or a level number >= 1, got [%d]", NAME, depth)
            );
        }
        this.depth = depth;
        return this;
    }

    /** @param oversample one factor for every coarse level, or one per coarse level, each in [1, 1000] */
    public SpiPyramidQueryBuilder oversample(float... oversample) {
        if (oversample == null || oversample.length == 0) {
            throw new IllegalArgumentException("[" + NAME + "] oversample must be a number or a non-empty list of numbers");
        }
        for (float factor : oversample) {
            if (Float.isFinite(factor) == false || factor < 1.0f || factor > MAX_OVERSAMPLE) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "[%s] oversample must be in [1.0, %.0f], got [%s]", NAME, MAX_OVERSAMPLE, factor)
                );
            }
        }
        this.oversample = oversample.clone();
        return this;
    }

    public String fieldName() {
        return fieldName;
    }

    public float[] vector() {
        return vector.clone();
    }

    public int k() {
        return k;
    }

    public QueryBuilder filter() {
        return filter;
    }

    public int depth() {
        return depth;
    }

    /** The configured oversampling factors, or null for the default. */
    public float[] oversample() {
        return oversample == null ? null : oversample.clone();
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        builder.startObject(fieldName);
        builder.array(VECTOR_FIELD.getPreferredName(), vector);
        builder.field(K_FIELD.getPreferredName(), k);
        if (filter != null) {
            builder.field(FILTER_FIELD.getPreferredName(), filter);
        }
        if (depth == DEPTH_AUTO) {
            builder.field(DEPTH_FIELD.getPreferredName(), DEPTH_AUTO_NAME);
        } else {
            builder.field(DEPTH_FIELD.getPreferredName(), depth);
        }
        if (oversample != null) {
            if (oversample.length == 1) {
                builder.field(OVERSAMPLE_FIELD.getPreferredName(), oversample[0]);
            } else {
                builder.array(OVERSAMPLE_FIELD.getPreferredName(), oversample);
            }
        }
        printBoostAndQueryName(builder);
        builder.endObject();
        if (multiStage != null) {
            multiStage.toXContent(builder);
        }
        builder.endObject();
    }

    public static SpiPyramidQueryBuilder fromXContent(XContentParser parser) throws IOException {
        return SpiPyramidQueryParser.parse(parser);
    }

    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (multiStage != null) {
            return rewriteMultiStage(context);
        }
        if (filter == null) {
            return this;
        }
        QueryBuilder rewrittenFilter = filter.rewrite(context);
        if (rewrittenFilter instanceof MatchNoneQueryBuilder) {
            return rewrittenFilter;
        }
        if (rewrittenFilter == filter) {
            return this;
        }
        SpiPyramidQueryBuilder rewritten = new SpiPyramidQueryBuilder(fieldName, vector, k).filter(rewrittenFilter).depth(depth);
        if (oversample != null) {
            rewritten.oversample(oversample);
        }
        return rewritten.levelListener(levelListener).boost(boost).queryName(queryName);
    }

    /**
     * On the coordinating node of a search, registers the multi-stage retrieval as an asynchronous action and, once it
     * ran, becomes its {@link PyramidScoredIdsQueryBuilder} (with this query's boost and name). Elsewhere (a shard, a
     * context without the search request) it stays as it is, and {@link #doToQuery} says why it cannot run there.
     */
    private QueryBuilder rewriteMultiStage(QueryRewriteContext context) {
        if (resolved != null) {
            PyramidScoredIdsQueryBuilder result = resolved.get();
            return result == null ? this : result.boost(boost).queryName(queryName);
        }
        QueryCoordinatorContext coordinator = context.convertToCoordinatorContext();
        if (coordinator == null || context.validate() || coordinator.getSearchRequest() instanceof SearchRequest == false) {
            return this;
        }
        if (hybridSearch == null) {
            throw new IllegalStateException("[" + NAME + "] query was built without the plugin's hybrid search service");
        }
        SearchRequest request = (SearchRequest) coordinator.getSearchRequest();
        SetOnce<PyramidScoredIdsQueryBuilder> result = new SetOnce<>();
        context.registerAsyncAction((client, listener) -> {
            @SuppressWarnings("unchecked")
            ActionListener<Object> done = (ActionListener<Object>) listener;
            hybridSearch.resolve(this, request, client, ActionListener.wrap(ids -> {
                result.set(ids);
                done.onResponse(null);
            }, done::onFailure));
        });
        SpiPyramidQueryBuilder pending = denseOnly().multiStage(multiStage).hybridSearch(hybridSearch).boost(boost).queryName(queryName);
        pending.resolved = result::get;
        return pending;
    }

    @Override
    protected Query doToQuery(QueryShardContext context) throws IOException {
        if (multiStage != null) {
            throw new IllegalArgumentException(
                "["
                    + NAME
                    + "] [hybrid] and [rerank] run on the coordinating node of a _search (or _msearch) request, before the shards;"
                    + " this request reached a shard with them unresolved: use them in a search request"
            );
        }
        MappedFieldType mapped = context.fieldMapper(fieldName);
        if (mapped == null) {
            throw new QueryShardException(
                context,
                String.format(Locale.ROOT, "[%s] field [%s] does not exist in the mapping of index [%s]", NAME, fieldName, context.index().getName())
            );
        }
        if (mapped instanceof PyramidVectorFieldType == false) {
            throw new QueryShardException(
                context,
                String.format(
                    Locale.ROOT,
                    "[%s] field [%s] is of type [%s], but [%s] queries need a field of type [%s]",
                    NAME,
                    fieldName,
                    mapped.typeName(),
                    NAME,
                    PyramidVectorFieldMapper.CONTENT_TYPE
                )
            );
        }
        PyramidVectorFieldType fieldType = (PyramidVectorFieldType) mapped;
        String what = String.format(Locale.ROOT, "[%s] query on field [%s]", NAME, fieldName);
        VectorValues.checkDimension(vector, fieldType.dimension(), what);
        int maxK = context.getIndexSettings().getValue(PyramidSettings.MAX_K);
        if (k > maxK) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] k must be <= [%d] (index setting [%s]), got [%d]",
                    NAME,
                    maxK,
                    PyramidSettings.MAX_K.getKey(),
                    k
                )
            );
        }
        int levelCount = fieldType.levels().size();
        if (depth > levelCount) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] depth must be \"auto\" or a level number in [1, %d] (field [%s] has %d levels), got [%d]",
                    NAME,
                    levelCount,
                    fieldName,
                    levelCount,
                    depth
                )
            );
        }
        if (oversample != null && oversample.length > 1 && oversample.length != levelCount - 1) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[%s] oversample must be one number or one per coarse level ([%d] for field [%s]), got [%d] numbers",
                    NAME,
                    levelCount - 1,
                    fieldName,
                    oversample.length
                )
            );
        }
        float[] target = fieldType.similarity().prepare(vector, what);
        Query filterQuery = filter == null ? null : filter.toQuery(context);
        ControllerSettings calibrated = PyramidSettings.calibration(context.getIndexSettings().getSettings(), fieldName);
        PyramidSearchStrategy strategy = new PyramidSearchStrategy(new SearchPlan(depth, oversample), calibrated, new SearchTrace());
        return new PyramidKnnQuery(fieldName, target, k, filterQuery, strategy, levelListener);
    }

    @Override
    protected boolean doEquals(SpiPyramidQueryBuilder other) {
        return fieldName.equals(other.fieldName)
            && Arrays.equals(vector, other.vector)
            && k == other.k
            && Objects.equals(filter, other.filter)
            && depth == other.depth
            && Arrays.equals(oversample, other.oversample)
            && Objects.equals(multiStage, other.multiStage);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(fieldName, Arrays.hashCode(vector), k, filter, depth, Arrays.hashCode(oversample), multiStage);
    }
}
