package dev.pyramid.rerank;

import dev.pyramid.model.ModelKind;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The {@code model} stage: rescores the candidates of its window with a model that reads the query's text and each
 * candidate's {@code text_field}: a cross-encoder's relevance score of the (query, passage) pair, or the MaxSim of
 * late-interaction token embeddings ({@link dev.pyramid.model.LateInteractionScorer}). The model's score replaces the
 * candidate's score, as a reranker's does; the explanation keeps the score it replaces.
 *
 * <p>The query's text is the request's {@code query_text} (alone, or beside a {@code vector}). A candidate without the
 * text field is scored as an empty text; a list of strings is joined with spaces; any other value is an error. All
 * texts of the window go to the model in one call, which runs them in the model's own bounded batches.
 */
public final class ModelRerankStage implements RerankStage {

    private final ModelStageSpec spec;
    private final ModelKind kind;
    private final BiFunction<String, List<String>, float[]> scorer;

    /** @param scorer scores a query against passages, one score per passage, in order (runs the model) */
    public ModelRerankStage(ModelStageSpec spec, ModelKind kind, BiFunction<String, List<String>, float[]> scorer) {
        this.spec = spec;
        this.kind = kind;
        this.scorer = scorer;
    }

    @Override
    public String name() {
        return ModelStageSpec.NAME;
    }

    @Override
    public int window() {
        return spec.window();
    }

    @Override
    public Set<String> fields(RerankContext context) {
        return Set.of(spec.textField());
    }

    @Override
    public List<Candidate> rerank(RerankContext context, List<Candidate> candidates) {
        String query = context.queryText();
        if (query == null) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[rerank] stage [model] (model [%s]) needs the query's text: give [query_text] in the [%s] field's query, "
                        + "alone or beside the [vector]",
                    spec.name(),
                    context.vectorField()
                )
            );
        }
        List<String> texts = new ArrayList<>(candidates.size());
        List<Boolean> missing = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            String text = text(context, candidate);
            missing.add(text == null);
            texts.add(text == null ? "" : text);
        }
        float[] scores = scorer.apply(query, texts);
        List<Candidate> rescored = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            String what = String.format(
                Locale.ROOT,
                "model: %s [%s] score of the query text and field [%s]%s",
                kind.jsonName(),
                spec.name(),
                spec.textField(),
                missing.get(i) ? " (the document has no such field: scored as empty text)" : ""
            );
            rescored.add(candidate.rescore(scores[i], Explanation.match(scores[i], what, Explanation.match(candidate.score(), "score before the stage"))));
        }
        return rescored;
    }

    private String text(RerankContext context, Candidate candidate) {
        Object value = context.field(candidate, spec.textField());
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String)) {
            return String.join(" ", list.stream().map(String.class::cast).toList());
        }
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "[rerank] stage [model] needs text in field [%s], but document %s has [%s]",
                spec.textField(),
                candidate.key(),
                value
            )
        );
    }
}
