package dev.pyramid.rerank;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stages of a request's {@code rerank} list on the coordinating node: {@code full_precision} and
 * {@code diversity} here, {@code model} through the {@link ModelStageFactory} the plugin is wired with.
 */
public final class RerankStageFactory {

    private final ModelStageFactory models;

    public RerankStageFactory(ModelStageFactory models) {
        this.models = models;
    }

    public RerankStage create(RerankStageSpec spec) {
        return switch (spec) {
            case FullPrecisionSpec fullPrecision -> new FullPrecisionStage(fullPrecision);
            case DiversitySpec diversity -> new DiversityStage(diversity);
            case ModelStageSpec model -> models.create(model);
        };
    }

    public List<RerankStage> create(List<RerankStageSpec> specs) {
        List<RerankStage> stages = new ArrayList<>(specs.size());
        for (RerankStageSpec spec : specs) {
            stages.add(create(spec));
        }
        return stages;
    }
}
