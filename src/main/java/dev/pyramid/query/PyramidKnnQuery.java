package dev.pyramid.query;

import dev.pyramid.codec.pyramid1.PyramidSearchStrategy;
import dev.pyramid.codec.pyramid1.SearchTrace;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * The Lucene query behind {@code spi_pyramid}: Lucene's {@link KnnFloatVectorQuery} (filters, per-segment work on
 * the searcher's task executor, exact fallback for selective filters, merging) with a {@link PyramidSearchStrategy}
 * that each pyramid segment's reader follows. After the search it reports the deepest level reached and rewrites to
 * a {@link PyramidHitsQuery} that carries the search's trace into profile output and explanations.
 */
public final class PyramidKnnQuery extends KnnFloatVectorQuery {

    private final PyramidSearchStrategy strategy;
    private final IntConsumer deepestLevelListener;

    /**
     * @param deepestLevelListener told the deepest level any segment ran, once per rewrite (node stats)
     */
    public PyramidKnnQuery(String field, float[] target, int k, Query filter, PyramidSearchStrategy strategy, IntConsumer deepestLevelListener) {
        super(field, target, k, filter, strategy);
        this.strategy = strategy;
        this.deepestLevelListener = deepestLevelListener;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = super.rewrite(searcher);
        SearchTrace trace = strategy.trace();
        if (trace == null) {
            return rewritten;
        }
        int deepest = trace.deepestLevel();
        if (deepestLevelListener != null && deepest > 0) {
            deepestLevelListener.accept(deepest);
        }
        return new PyramidHitsQuery(rewritten, field, trace);
    }

    public PyramidSearchStrategy strategy() {
        return strategy;
    }

    @Override
    public String toString(String field) {
        return "spi_pyramid[" + this.field + "][k=" + k + "][" + strategy + "]" + (filter == null ? "" : "[filter=" + filter + "]");
    }
}
