package dev.pyramid.rerank;

import org.opensearch.core.action.ActionListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link FieldFetcher} over documents held in a map, which records what the cascade asked for. */
final class InMemoryFields implements FieldFetcher {

    final Map<CandidateKey, Map<String, Object>> documents = new HashMap<>();
    final List<Set<String>> requestedFields = new ArrayList<>();
    final List<Collection<CandidateKey>> requestedKeys = new ArrayList<>();

    InMemoryFields put(String id, Map<String, Object> source) {
        documents.put(new CandidateKey("idx", id), source);
        return this;
    }

    @Override
    public void fetch(Collection<CandidateKey> keys, Set<String> fields, ActionListener<Map<CandidateKey, Map<String, Object>>> listener) {
        requestedFields.add(fields);
        requestedKeys.add(List.copyOf(keys));
        Map<CandidateKey, Map<String, Object>> found = new HashMap<>();
        for (CandidateKey key : keys) {
            Map<String, Object> source = documents.get(key);
            if (source != null) {
                Map<String, Object> values = new HashMap<>();
                for (String field : fields) {
                    if (source.containsKey(field)) {
                        values.put(field, source.get(field));
                    }
                }
                found.put(key, values);
            }
        }
        listener.onResponse(found);
    }
}
