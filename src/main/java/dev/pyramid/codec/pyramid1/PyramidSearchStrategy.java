package dev.pyramid.codec.pyramid1;

import dev.pyramid.controller.ControllerSettings;

import org.apache.lucene.search.knn.KnnSearchStrategy;

import java.util.Objects;

/**
 * Carries a {@link SearchPlan}, the field's controller settings and a {@link SearchTrace} from a vector query to
 * {@link Pyramid1VectorsReader#search}, through Lucene's own channel for per-query search parameters. Readers of
 * other formats ignore it; a pyramid segment searched without it uses {@link SearchPlan#DEFAULT} and default
 * controller settings. Equality covers the plan and the settings, not the trace (which only records).
 */
public final class PyramidSearchStrategy extends KnnSearchStrategy {

    private final SearchPlan plan;
    private final ControllerSettings controllerSettings;
    private final SearchTrace trace;

    /**
     * @param controllerSettings null for the defaults of each segment's pyramid
     * @param trace              where segments record what they did; null to record nothing
     */
    public PyramidSearchStrategy(SearchPlan plan, ControllerSettings controllerSettings, SearchTrace trace) {
        this.plan = Objects.requireNonNull(plan);
        this.controllerSettings = controllerSettings;
        this.trace = trace;
    }

    public PyramidSearchStrategy(SearchPlan plan) {
        this(plan, null, null);
    }

    public SearchPlan plan() {
        return plan;
    }

    /** The field's calibrated settings, or null for defaults. */
    public ControllerSettings controllerSettings() {
        return controllerSettings;
    }

    public SearchTrace trace() {
        return trace;
    }

    @Override
    public void nextVectorsBlock() {}

    @Override
    public boolean equals(Object o) {
        return o instanceof PyramidSearchStrategy other
            && plan.equals(other.plan)
            && Objects.equals(controllerSettings, other.controllerSettings);
    }

    @Override
    public int hashCode() {
        return 31 * plan.hashCode() + Objects.hashCode(controllerSettings);
    }

    @Override
    public String toString() {
        return "PyramidSearchStrategy[" + plan + (controllerSettings == null ? "" : "," + controllerSettings) + "]";
    }
}
