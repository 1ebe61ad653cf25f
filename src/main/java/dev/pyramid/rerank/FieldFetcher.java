package dev.pyramid.rerank;

import org.opensearch.core.action.ActionListener;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Fetches {@code _source} fields of candidates, asynchronously, so that a stage sees the text or vectors it declared
 * ({@link RerankStage#fields}) without blocking a thread on I/O. The cascade calls it before each stage, for that
 * stage's window only and only for fields not fetched yet.
 */
@FunctionalInterface
public interface FieldFetcher {

    /**
     * @param keys   the documents
     * @param fields {@code _source} paths, e.g. {@code "text"} or {@code "meta.popularity"}
     * @param listener receives, per document found, the value of each path that it has (a missing path is absent;
     *                 a document that no longer exists is absent)
     */
    void fetch(Collection<CandidateKey> keys, Set<String> fields, ActionListener<Map<CandidateKey, Map<String, Object>>> listener);
}
