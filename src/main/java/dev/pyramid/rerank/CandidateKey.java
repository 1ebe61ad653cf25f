package dev.pyramid.rerank;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies a candidate across shards: the concrete index it lives in and its {@code _id} (routing puts an {@code _id}
 * in exactly one shard of an index). The natural order, index then id, is the tie-break of every ranking in fusion and
 * the cascade, so that ties resolve the same way whatever the number of shards.
 */
public record CandidateKey(String index, String id) implements Comparable<CandidateKey> {

    private static final Comparator<CandidateKey> ORDER = Comparator.comparing(CandidateKey::index).thenComparing(CandidateKey::id);

    public CandidateKey {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public int compareTo(CandidateKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "[" + index + "][" + id + "]";
    }
}
