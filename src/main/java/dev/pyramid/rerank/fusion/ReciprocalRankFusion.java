package dev.pyramid.rerank.fusion;

import dev.pyramid.rerank.Candidate;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009):
 *
 * <pre>
 *   score(d) = Σ_s 1 / (k + rank_s(d))
 * </pre>
 *
 * over the sources {@code s} that retrieved {@code d}, where {@code rank_s(d)} is 1-based and {@code k} is the rank
 * constant (60 in the paper). Only ranks matter, so sources with incomparable scores (BM25, a similarity) combine
 * without normalization.
 */
public final class ReciprocalRankFusion implements ScoreFusion {

    public static final String NAME = "rrf";
    public static final int DEFAULT_RANK_CONSTANT = 60;

    private final int rankConstant;

    public ReciprocalRankFusion(int rankConstant) {
        if (rankConstant < 1) {
            throw new IllegalArgumentException("[rrf] rank_constant must be >= 1, got [" + rankConstant + "]");
        }
        this.rankConstant = rankConstant;
    }

    public int rankConstant() {
        return rankConstant;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> fuse(List<Candidate> candidates, List<String> sources) {
        List<SourceRanking> rankings = new ArrayList<>();
        for (String source : sources) {
            rankings.add(new SourceRanking(candidates, source));
        }
        List<Candidate> fused = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            double sum = 0;
            List<Explanation> details = new ArrayList<>();
            for (int s = 0; s < sources.size(); s++) {
                String source = sources.get(s);
                int rank = rankings.get(s).rank(candidate.key());
                if (rank == 0) {
                    details.add(Explanation.noMatch(source + ": not retrieved"));
                    continue;
                }
                double term = 1.0 / (rankConstant + rank);
                sum += term;
                details.add(
                    Explanation.match(
                        (float) term,
                        String.format(
                            Locale.ROOT,
                            "%s: 1/(%d + rank %d of %d), score %s",
                            source,
                            rankConstant,
                            rank,
                            rankings.get(s).size(),
                            candidate.sourceScore(source)
                        )
                    )
                );
            }
            float score = (float) sum;
            fused.add(
                candidate.rescore(score, Explanation.match(score, "rrf fusion: sum of 1/(" + rankConstant + " + rank) over sources", details))
            );
        }
        return fused;
    }
}
