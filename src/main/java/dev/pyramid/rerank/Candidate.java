package dev.pyramid.rerank;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document on its way through fusion and the rerank cascade: which document ({@link CandidateKey}), the score each
 * retrieval source gave it ({@link #LEXICAL}, {@link #DENSE}; absent when that source did not retrieve it), its current
 * score, and one explanation per step that set the score (fusion first, then each stage in order).
 *
 * <p>Immutable: fusion and stages derive new candidates with {@link #rescore} and {@link #withSourceScore}, so a stage
 * cannot disturb what an earlier step recorded.
 */
public final class Candidate {

    /** The source name of the lexical retrieval ({@code hybrid.lexical}). */
    public static final String LEXICAL = "lexical";
    /** The source name of the dense retrieval (the {@code spi_pyramid} field query). */
    public static final String DENSE = "dense";

    /** Best first: by score, descending; ties by key, so the order does not depend on how documents were sharded. */
    public static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> c.score)
        .reversed()
        .thenComparing(Candidate::key);

    private final CandidateKey key;
    private final Map<String, Float> sourceScores;
    private final float score;
    private final List<Explanation> steps;

    private Candidate(CandidateKey key, Map<String, Float> sourceScores, float score, List<Explanation> steps) {
        this.key = Objects.requireNonNull(key, "key");
        this.sourceScores = Collections.unmodifiableMap(sourceScores);
        this.score = score;
        this.steps = Collections.unmodifiableList(steps);
    }

    /** A retrieved document before fusion: its score is 0 and it has no steps yet. */
    public static Candidate retrieved(CandidateKey key, Map<String, Float> sourceScores) {
        return new Candidate(key, new LinkedHashMap<>(sourceScores), 0f, List.of());
    }

    public CandidateKey key() {
        return key;
    }

    /** The score each source gave this document, in source order; a source that did not retrieve it is absent. */
    public Map<String, Float> sourceScores() {
        return sourceScores;
    }

    /** The score {@code source} gave this document, or null if that source did not retrieve it. */
    public Float sourceScore(String source) {
        return sourceScores.get(source);
    }

    /** The score set by the last step (fusion or stage). */
    public float score() {
        return score;
    }

    /** One explanation per step that set the score, oldest first. */
    public List<Explanation> steps() {
        return steps;
    }

    /**
     * This candidate with a new score, and {@code why} appended to its steps.
     *
     * @param why the step's contribution: its value must be {@code score}
     */
    public Candidate rescore(float newScore, Explanation why) {
        if (Float.isFinite(newScore) == false) {
            throw new IllegalArgumentException("candidate " + key + ": a step produced a non-finite score [" + newScore + "]");
        }
        List<Explanation> newSteps = new ArrayList<>(steps.size() + 1);
        newSteps.addAll(steps);
        newSteps.add(Objects.requireNonNull(why, "why"));
        return new Candidate(key, new LinkedHashMap<>(sourceScores), newScore, newSteps);
    }

    /** This candidate with {@code source}'s score replaced (or filled in, when that source had not retrieved it). */
    public Candidate withSourceScore(String source, float sourceScore) {
        Map<String, Float> newScores = new LinkedHashMap<>(sourceScores);
        newScores.put(source, sourceScore);
        return new Candidate(key, newScores, score, new ArrayList<>(steps));
    }

    @Override
    public String toString() {
        return key + " score=" + score + " sources=" + sourceScores;
    }
}
