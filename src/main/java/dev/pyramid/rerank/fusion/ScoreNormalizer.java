package dev.pyramid.rerank.fusion;

/**
 * Maps one source's scores onto a common scale before {@link LinearFusion} weighs them, computed over that source's
 * whole merged list (all shards), never per shard. One class per technique; {@link ScoreNormalizers} finds them by name.
 */
public interface ScoreNormalizer {

    /** The technique's name in the request: {@code min_max}, {@code l2}, {@code z_score}. */
    String name();

    /**
     * @param scores one source's scores (any order, possibly empty)
     * @return the normalized scores, in the same order
     */
    float[] normalize(float[] scores);
}
