package dev.pyramid.codec.pyramid1;

import org.apache.lucene.search.knn.KnnSearchStrategy;

import java.util.Objects;

/**
 * Carries a {@link SearchPlan} from a vector query to {@link Pyramid1VectorsReader#search}, through Lucene's own
 * channel for per-query search parameters. Readers of other formats ignore it; a pyramid segment searched without
 * it uses {@link SearchPlan#DEFAULT}.
 */
public final class PyramidSearchStrategy extends KnnSearchStrategy {

    private final SearchPlan plan;

    public PyramidSearchStrategy(SearchPlan plan) {
        this.plan = Objects.requireNonNull(plan);
    }

    public SearchPlan plan() {
        return plan;
    }

    @Override
    public void nextVectorsBlock() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof PyramidSearchStrategy other && plan.equals(other.plan);
    }

    @Override
    public int hashCode() {
        return plan.hashCode();
    }

    @Override
    public String toString() {
        return "PyramidSearchStrategy[" + plan + "]";
    }
}
