package dev.pyramid.rerank;

import java.util.Locale;

/**
 * Builds the {@link RerankStage} of a {@code model} rerank entry: the extension point through which the model runtime
 * (ONNX models under {@code <config>/pyramid/models/<name>/}) plugs into the cascade. The plugin passes its
 * implementation to {@link RerankStageFactory}; a node without one rejects {@code model} entries with
 * {@link #UNAVAILABLE}'s message.
 */
@FunctionalInterface
public interface ModelStageFactory {

    /** Refuses every model entry: this node has no model runtime. */
    ModelStageFactory UNAVAILABLE = spec -> {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[rerank] stage [model] (model [%s]) is not available: this node has no model runtime for rerank stages",
                spec.name()
            )
        );
    };

    /**
     * @throws IllegalArgumentException if the model does not exist or cannot serve as a reranker (a 400 naming it)
     */
    RerankStage create(ModelStageSpec spec);
}
