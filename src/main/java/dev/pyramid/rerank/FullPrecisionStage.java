package dev.pyramid.rerank;

import dev.pyramid.mapper.VectorSimilarity;

import org.apache.lucene.search.Explanation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rescores each candidate with the exact similarity of its stored full-precision vector ({@code _source}) to the query
 * vector, in the field's score convention ({@link VectorSimilarity}: e.g. {@code (1 + cos) / 2}), then fuses again.
 *
 * <p>Why re-fuse rather than replace the score: the dense score a candidate came with may be a coarse-level estimate
 * (the controller stopped early) or missing (only the lexical source retrieved it). This stage sets the exact dense
 * score for every candidate in its window and recombines with the request's fusion, so documents that only BM25 found
 * get a dense rank or score too. Without a {@code hybrid} block the fusion is the dense score itself, and the stage is a
 * plain full-precision rescore. A candidate without a vector keeps its scores.
 */
public final class FullPrecisionStage implements RerankStage {

    private final FullPrecisionSpec spec;

    public FullPrecisionStage(FullPrecisionSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return FullPrecisionSpec.NAME;
    }

    @Override
    public int window() {
        return spec.window();
    }

    @Override
    public Set<String> fields(RerankContext context) {
        return Set.of(context.vectorField());
    }

    @Override
    public List<Candidate> rerank(RerankContext context, List<Candidate> candidates) {
        float[] query = context.queryVector();
        List<Candidate> updated = new ArrayList<>(candidates.size());
        List<String> notes = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            float[] vector = context.vector(candidate, context.vectorField());
            Float retrieved = candidate.sourceScore(Candidate.DENSE);
            if (vector == null) {
                updated.add(candidate);
                notes.add("no stored vector in [" + context.vectorField() + "]: scores unchanged");
                continue;
            }
            float exact = exactScore(context.similarity(candidate.key().index()), query, vector, candidate, context.vectorField());
            updated.add(candidate.withSourceScore(Candidate.DENSE, exact));
            notes.add(
                String.format(
                    Locale.ROOT,
                    "dense score from the stored full-precision vector: %s (retrieval: %s)",
                    exact,
                    retrieved == null ? "not retrieved" : retrieved.toString()
                )
            );
        }
        List<Candidate> fused = context.fusion().fuse(updated, context.sources());
        List<Candidate> rescored = new ArrayList<>(candidates.size());
        for (int i = 0; i < updated.size(); i++) {
            Candidate refused = fused.get(i);
            Explanation fusion = refused.steps().get(refused.steps().size() - 1);
            rescored.add(
                updated.get(i).rescore(refused.score(), Explanation.match(refused.score(), "full_precision: " + notes.get(i) + ", fused again", fusion))
            );
        }
        return rescored;
    }

    /** The field's score for two raw vectors: both prepared as at index and search time, then Lucene's function. */
    static float exactScore(VectorSimilarity similarity, float[] query, float[] vector, Candidate candidate, String field) {
        if (vector.length != query.length) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[full_precision] field [%s] of document %s has dimension [%d], the query vector [%d]",
                    field,
                    candidate.key(),
                    vector.length,
                    query.length
                )
            );
        }
        String what = "[full_precision] field [" + field + "] of document " + candidate.key();
        return similarity.luceneFunction().compare(similarity.prepare(query, "[full_precision] query vector"), similarity.prepare(vector, what));
    }
}
