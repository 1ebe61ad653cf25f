package dev.pyramid.bench;

import java.util.List;
import java.util.Map;

/**
 * The server-side search work of one request, from its {@code profile} section: per shard, the rewrite time plus the
 * time of the top-level queries, summed over shards. A k-NN query (Lucene's {@code KnnFloatVectorQuery} and the
 * {@code spi_pyramid} query built on it) searches while it is rewritten, so its work shows as rewrite time; other
 * queries work in the query phase; adding both counts either. Fetching, collecting and the request's fixed overhead
 * are left out: they are what the floor measures.
 */
final class ServerProfile {

    private ServerProfile() {}

    /** Milliseconds of search work in one profiled answer. */
    @SuppressWarnings("unchecked")
    static double searchMillis(Map<String, Object> answer) {
        List<Object> shards = (List<Object>) BenchClient.path(answer, "profile", "shards");
        if (shards == null) {
            throw new IllegalStateException("the answer has no profile section: " + answer.keySet());
        }
        long nanos = 0;
        for (Object shard : shards) {
            for (Object search : (List<Object>) BenchClient.path(shard, "searches")) {
                nanos += ((Number) BenchClient.path(search, "rewrite_time")).longValue();
                for (Object query : (List<Object>) BenchClient.path(search, "query")) {
                    nanos += ((Number) BenchClient.path(query, "time_in_nanos")).longValue();
                }
            }
        }
        return nanos / 1e6;
    }
}
