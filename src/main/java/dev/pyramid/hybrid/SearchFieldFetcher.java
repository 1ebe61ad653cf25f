package dev.pyramid.hybrid;

import dev.pyramid.rerank.CandidateKey;
import dev.pyramid.rerank.FieldFetcher;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.ArrayList;

/**
 * Fetches candidates' {@code _source} fields with one search over the user's indices (same routing and preference, see
 * {@link SubSearches}): an {@code ids} query per concrete index, ANDed with a term on {@code _index}, so that a document
 * with the same id in another index of the request is not mistaken for the candidate.
 */
final class SearchFieldFetcher implements FieldFetcher {

    private final Client client;
    private final SearchRequest original;

    SearchFieldFetcher(Client client, SearchRequest original) {
        this.client = client;
        this.original = original;
    }

    @Override
    public void fetch(Collection<CandidateKey> keys, Set<String> fields, ActionListener<Map<CandidateKey, Map<String, Object>>> listener) {
        Map<String, List<String>> idsByIndex = new TreeMap<>();
        for (CandidateKey key : keys) {
            idsByIndex.computeIfAbsent(key.index(), i -> new ArrayList<>()).add(key.id());
        }
        BoolQueryBuilder query = QueryBuilders.boolQuery();
        for (Map.Entry<String, List<String>> entry : idsByIndex.entrySet()) {
            query.should(
                QueryBuilders.boolQuery()
                    .filter(QueryBuilders.termQuery("_index", entry.getKey()))
                    .filter(QueryBuilders.idsQuery().addIds(entry.getValue().toArray(String[]::new)))
            );
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.constantScoreQuery(query))
            .size(keys.size())
            .trackTotalHits(false)
            .fetchSource(fields.toArray(String[]::new), null);
        SearchRequest request = SubSearches.derive(original, source);
        client.search(request, ActionListener.wrap(response -> {
            Map<CandidateKey, Map<String, Object>> found = new HashMap<>();
            for (SearchHit hit : response.getHits().getHits()) {
                Map<String, Object> sourceMap = hit.getSourceAsMap();
                Map<String, Object> values = new HashMap<>();
                if (sourceMap != null) {
                    for (String field : fields) {
                        Object value = XContentMapValues.extractValue(field, sourceMap);
                        if (value != null) {
                            values.put(field, value);
                        }
                    }
                }
                found.put(new CandidateKey(hit.getIndex(), hit.getId()), values);
            }
            listener.onResponse(found);
        }, listener::onFailure));
    }
}
