package dev.pyramid.mapper;

import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.SourceValueFetcher;
import org.opensearch.index.mapper.TextSearchInfo;
import org.opensearch.index.mapper.ValueFetcher;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.lookup.SearchLookup;

import java.util.Locale;
import java.util.Map;

/** The search-time view of a {@code pyramid_vector} field: its dimension, similarity and levels. */
public final class PyramidVectorFieldType extends MappedFieldType {

    private final int dimension;
    private final VectorSimilarity similarity;
    private final PyramidLevels levels;
    private final String model;

    public PyramidVectorFieldType(String name, int dimension, VectorSimilarity similarity, PyramidLevels levels, Map<String, String> meta) {
        this(name, dimension, similarity, levels, null, meta);
    }

    /** @param model the embedding model of the field's {@code query_text}, or null */
    public PyramidVectorFieldType(
        String name,
        int dimension,
        VectorSimilarity similarity,
        PyramidLevels levels,
        String model,
        Map<String, String> meta
    ) {
        super(name, true, false, false, TextSearchInfo.NONE, meta);
        this.dimension = dimension;
        this.similarity = similarity;
        this.levels = levels;
        this.model = model;
    }

    public int dimension() {
        return dimension;
    }

    public VectorSimilarity similarity() {
        return similarity;
    }

    public PyramidLevels levels() {
        return levels;
    }

    /** The mapping's {@code model}: the embedding model that turns {@code query_text} into a vector, or null. */
    public String model() {
        return model;
    }

    @Override
    public String typeName() {
        return PyramidVectorFieldMapper.CONTENT_TYPE;
    }

    @Override
    public ValueFetcher valueFetcher(QueryShardContext context, SearchLookup searchLookup, String format) {
        return SourceValueFetcher.identity(name(), context, format);
    }

    @Override
    public Query existsQuery(QueryShardContext context) {
        return new FieldExistsQuery(name());
    }

    @Override
    public Query termQuery(Object value, QueryShardContext context) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "field [%s] of type [%s] does not support term queries; search it with an [spi_pyramid] query",
                name(),
                typeName()
            )
        );
    }
}
