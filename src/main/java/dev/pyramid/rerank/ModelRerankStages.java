package dev.pyramid.rerank;

import dev.pyramid.model.ModelKind;
import dev.pyramid.model.ModelRegistry;

import java.util.Locale;

/**
 * The plugin's {@link ModelStageFactory}: a {@code model} rerank entry names a model of the node's
 * {@link ModelRegistry}; a {@code cross_encoder} scores (query, passage) pairs, a {@code late_interaction} model scores
 * with MaxSim. The entry is checked when the request is resolved (the model must be installed and of one of these
 * kinds: its descriptor says so, without loading it); the model itself loads on the first rerank, on a search thread.
 */
public final class ModelRerankStages implements ModelStageFactory {

    private final ModelRegistry models;

    public ModelRerankStages(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public RerankStage create(ModelStageSpec spec) {
        ModelKind kind;
        try {
            kind = models.kind(spec.name());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[rerank] stage [model]: " + e.getMessage(), e);
        }
        String name = spec.name();
        return switch (kind) {
            case CROSS_ENCODER -> new ModelRerankStage(spec, kind, (query, texts) -> models.crossEncoder(name).score(query, texts));
            case LATE_INTERACTION -> new ModelRerankStage(spec, kind, (query, texts) -> models.lateInteraction(name).score(query, texts));
            case EMBEDDING -> throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[rerank] stage [model]: model [%s] is an [%s] model, but a rerank stage needs a [%s] or a [%s] model",
                    name,
                    ModelKind.EMBEDDING.jsonName(),
                    ModelKind.CROSS_ENCODER.jsonName(),
                    ModelKind.LATE_INTERACTION.jsonName()
                )
            );
        };
    }
}
