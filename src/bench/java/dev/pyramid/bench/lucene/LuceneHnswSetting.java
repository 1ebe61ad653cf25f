package dev.pyramid.bench.lucene;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.knn.KnnSearchStrategy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A plain Lucene vector search: {@link KnnFloatVectorQuery} with {@code k = candidates} (Lucene's HNSW queue size,
 * i.e. its {@code efSearch}); the benchmark keeps the best {@code k} hits. With {@code rescore}, the way Lucene and
 * Elasticsearch users search quantized formats: every one of the {@code candidates} hits (scored with quantized
 * estimates by the graph search) is rescored with its float32 vector by
 * {@link RescoreTopNQuery#createFullPrecisionRescorerQuery} and the best {@code k} are returned.
 */
public record LuceneHnswSetting(int candidates, boolean rescore, int k) implements SearchSetting {

    @Override
    public String label() {
        return (rescore ? "rescore " : "") + "ef=" + candidates;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ef_search", candidates);
        parameters.put("rescore_float", rescore);
        return parameters;
    }

    @Override
    public Query query(String field, float[] target) {
        Query knn = new KnnFloatVectorQuery(field, target, candidates);
        return rescore ? RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, target, field, k) : knn;
    }

    @Override
    public Map<String, Long> work(IndexSearcher searcher, String field, float[] target, int k) throws IOException {
        LongAdder visited = new LongAdder();
        TopDocs candidatesFound = searcher.search(
            new VisitCountingKnnQuery(field, target, candidates, KnnSearchStrategy.Hnsw.DEFAULT, visited),
            candidates
        );
        Map<String, Long> work = new LinkedHashMap<>();
        work.put("visited", visited.sum());
        if (rescore) {
            work.put("rescored_float", (long) candidatesFound.scoreDocs.length);
        }
        return work;
    }
}
