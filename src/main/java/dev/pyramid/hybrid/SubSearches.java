package dev.pyramid.hybrid;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.search.builder.SearchSourceBuilder;

/**
 * Derives the searches a multi-stage query runs (retrievals, field fetches) from the user's request, so that they
 * see exactly the same documents and statistics: same indices (or point in time), indices options, routing,
 * preference, search type (with {@code dfs_query_then_fetch}, BM25 uses global term statistics), partial-results
 * policy, timeout and cancellation interval.
 */
final class SubSearches {

    private SubSearches() {}

    static SearchRequest derive(SearchRequest original, SearchSourceBuilder source) {
        SearchSourceBuilder originalSource = original.source();
        if (originalSource != null) {
            if (originalSource.pointInTimeBuilder() != null) {
                source.pointInTimeBuilder(originalSource.pointInTimeBuilder());
            }
            if (originalSource.timeout() != null) {
                source.timeout(originalSource.timeout());
            }
        }
        SearchRequest request = new SearchRequest(original.indices(), source);
        request.indicesOptions(original.indicesOptions());
        request.routing(original.routing());
        request.preference(original.preference());
        request.searchType(original.searchType());
        if (original.allowPartialSearchResults() != null) {
            request.allowPartialSearchResults(original.allowPartialSearchResults());
        }
        request.setCancelAfterTimeInterval(original.getCancelAfterTimeInterval());
        return request;
    }
}
