package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.List;

/**
 * The "fusion" of a request without a {@code hybrid} block: one source, whose score is the candidate's score, so a
 * rerank cascade over plain {@code spi_pyramid} results starts from the similarity scores.
 */
public final class SingleSourceFusion implements ScoreFusion {

    public static final String NAME = "single_source";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> fuse(List<Candidate> candidates, List<String> sources) {
        if (sources.size() != 1) {
            throw new IllegalArgumentException("[" + NAME + "] fuses exactly one source, got " + sources);
        }
        String source = sources.get(0);
        List<Candidate> fused = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            Float score = candidate.sourceScore(source);
            float value = score == null ? 0f : score;
            fused.add(candidate.rescore(value, Explanation.match(value, source + " score")));
        }
        return fused;
    }
}
