package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;

import java.util.List;

/**
 * Combines the scores that several retrieval sources gave the candidates into one score per candidate. Runs on the
 * coordinating node over the merged (global) lists of every source, so the result does not depend on how the index is
 * sharded. One class per technique: {@link ReciprocalRankFusion}, {@link LinearFusion}, and {@link SingleSourceFusion}
 * for a request without a {@code hybrid} block. {@link FusionSpec} is the request's form and builds them.
 */
public interface ScoreFusion {

    /** The technique's name in explanations, e.g. {@code rrf}. */
    String name();

    /**
     * @param candidates documents with the score each source gave them ({@link Candidate#sourceScores}); any order
     * @param sources    the sources, in request order (weights follow this order)
     * @return the same candidates with the fused score and its explanation, in the order given
     */
    List<Candidate> fuse(List<Candidate> candidates, List<String> sources);
}
