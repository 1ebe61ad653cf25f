package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;
import dev.pyramid.rerank.CandidateKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One source's list among the candidates: those that source scored, ordered by that score (descending; ties by
 * {@link CandidateKey}, so ranks do not depend on the shard layout), with 1-based ranks and the scores in rank order.
 */
final class SourceRanking {

    private final List<Candidate> ranked;
    private final Map<CandidateKey, Integer> ranks = new HashMap<>();

    SourceRanking(List<Candidate> candidates, String source) {
        ranked = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.sourceScore(source) != null) {
                ranked.add(candidate);
            }
        }
        ranked.sort(
            Comparator.comparingDouble((Candidate c) -> c.sourceScore(source)).reversed().thenComparing(Candidate::key)
        );
        for (int i = 0; i < ranked.size(); i++) {
            ranks.put(ranked.get(i).key(), i + 1);
        }
    }

    /** The candidate's 1-based rank in this source, or 0 when the source did not score it. */
    int rank(CandidateKey key) {
        return ranks.getOrDefault(key, 0);
    }

    int size() {
        return ranked.size();
    }

    /** The position of {@code key} in {@link #scores}, or -1. */
    int position(CandidateKey key) {
        return rank(key) - 1;
    }

    /** The source's scores in rank order. */
    float[] scores(String source) {
        float[] scores = new float[ranked.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = ranked.get(i).sourceScore(source);
        }
        return scores;
    }
}
