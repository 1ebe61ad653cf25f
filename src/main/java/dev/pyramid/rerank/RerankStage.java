package dev.pyramid.rerank;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * One stage of a {@link RerankCascade}, after Anserini's {@code Reranker}: it gets the best candidates so far and
 * returns them rescored, each with an explanation of what the stage contributed.
 *
 * <p>Contract:
 * <ul>
 *   <li>The cascade hands the stage the first {@link #window()} candidates of the current ranking, best first, after
 *       fetching the {@code _source} fields the stage declared in {@link #fields} for exactly those candidates. The
 *       candidates beyond the window are dropped: a cascade narrows (e.g. 100 fused, then a model over the top 20).</li>
 *   <li>{@link #rerank} returns every candidate it received, exactly once, in any order, each derived with
 *       {@link Candidate#rescore} (new score plus an {@link org.apache.lucene.search.Explanation} whose value is that
 *       score and whose description names the stage). The cascade then sorts by score, descending; equal scores keep
 *       the incoming order.</li>
 *   <li>Scores may be any finite float (negative too: the final scores are shifted to be non-negative).</li>
 *   <li>A stage may be called on a search thread and must not block on I/O; it may be CPU-heavy (model inference).
 *       One stage instance may serve concurrent requests, so it keeps no per-request state outside the context.</li>
 *   <li>Bad input that only shows at this point (a field that is not text, a vector of the wrong length) is an
 *       {@link IllegalArgumentException} naming the stage, the field and the document: the search fails with a 400.</li>
 * </ul>
 * Stages are built from the request's {@code rerank} entries by {@link RerankStageFactory}.
 */
public interface RerankStage {

    /** {@link #window()} meaning every candidate the stage receives. */
    int ALL = Integer.MAX_VALUE;

    /** The stage's name, as in the request ({@code full_precision}, {@code diversity}, {@code model}). */
    String name();

    /** How many of the best incoming candidates the stage reranks and passes on; {@link #ALL} by default. */
    default int window() {
        return ALL;
    }

    /** The {@code _source} paths the stage reads with {@link RerankContext#field} or {@link RerankContext#vector}. */
    default Set<String> fields(RerankContext context) {
        return Set.of();
    }

    /**
     * @param candidates the best candidates so far, best first, at most {@link #window()}
     * @return the same candidates, rescored
     */
    List<Candidate> rerank(RerankContext context, List<Candidate> candidates) throws IOException;
}
