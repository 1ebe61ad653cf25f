package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One shard's best hits for one query, best first: shard-level Lucene doc ids and scores. Doc ids name a document
 * only within the searcher that produced them, so hits are compared only with hits of the same shard request.
 */
public record ShardHits(int[] docs, float[] scores) implements Writeable {

    public static final ShardHits EMPTY = new ShardHits(new int[0], new float[0]);

    public ShardHits {
        if (docs.length != scores.length) {
            throw new IllegalArgumentException("docs and scores differ in length: " + docs.length + " != " + scores.length);
        }
    }

    public ShardHits(StreamInput in) throws IOException {
        this(in.readVIntArray(), in.readFloatArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVIntArray(docs);
        out.writeFloatArray(scores);
    }

    public int size() {
        return docs.length;
    }

    /**
     * The best {@code k} hits over several shards, as a search's coordinating node merges them: by score, ties by
     * shard then doc. A hit is named {@code shard << 32 | doc}.
     *
     * @param shards   the shard number of each entry of {@code perShard}
     */
    public static long[] mergeTopK(int[] shards, List<ShardHits> perShard, int k) {
        record Hit(long key, float score) {}
        List<Hit> all = new ArrayList<>();
        for (int s = 0; s < perShard.size(); s++) {
            ShardHits hits = perShard.get(s);
            for (int i = 0; i < hits.size(); i++) {
                all.add(new Hit(((long) shards[s] << 32) | (hits.docs[i] & 0xFFFFFFFFL), hits.scores[i]));
            }
        }
        all.sort(Comparator.comparingDouble((Hit h) -> -h.score).thenComparingLong(Hit::key));
        return all.stream().limit(k).mapToLong(Hit::key).toArray();
    }

    /** How many of {@code expected} also are in {@code found}. */
    public static int overlap(long[] found, long[] expected) {
        Set<Long> wanted = new HashSet<>();
        for (long key : expected) {
            wanted.add(key);
        }
        int common = 0;
        for (long key : found) {
            if (wanted.contains(key)) {
                common++;
            }
        }
        return common;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardHits other && Arrays.equals(docs, other.docs) && Arrays.equals(scores, other.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(docs) + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "ShardHits{docs=" + Arrays.toString(docs) + ", scores=" + Arrays.toString(scores) + "}";
    }
}
