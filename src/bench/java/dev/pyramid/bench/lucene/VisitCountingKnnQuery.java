package dev.pyramid.bench.lucene;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.search.knn.KnnSearchStrategy;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link KnnFloatVectorQuery} that adds up the vectors each segment's graph search visited (Lucene reports them as
 * the per-leaf {@code totalHits}). Used only for the untimed work count.
 */
final class VisitCountingKnnQuery extends KnnFloatVectorQuery {

    private final LongAdder visited;

    VisitCountingKnnQuery(String field, float[] target, int k, KnnSearchStrategy strategy, LongAdder visited) {
        super(field, target, k, null, strategy);
        this.visited = visited;
    }

    @Override
    protected TopDocs approximateSearch(
        LeafReaderContext context,
        AcceptDocs acceptDocs,
        int visitedLimit,
        KnnCollectorManager knnCollectorManager
    ) throws IOException {
        TopDocs topDocs = super.approximateSearch(context, acceptDocs, visitedLimit, knnCollectorManager);
        visited.add(topDocs.totalHits.value());
        return topDocs;
    }
}
