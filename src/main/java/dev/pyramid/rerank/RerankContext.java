package dev.pyramid.rerank;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.rerank.fusion.ScoreFusion;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a {@link RerankStage} knows about the query: the {@code spi_pyramid} field and query vector, the query text (when
 * the request gave one), the retrieval sources and the fusion that combined them, the similarity of the vector field in
 * each index, and the {@code _source} fields fetched for the candidates so far.
 *
 * <p>Fields are fetched lazily by the {@link RerankCascade}: before a stage runs, for the candidates in that stage's
 * window, the fields the stage declared in {@link RerankStage#fields}. A stage reads them with {@link #field} and
 * {@link #vector}. One context serves one request; stages run one after the other, never concurrently.
 */
public final class RerankContext {

    private final String vectorField;
    private final float[] queryVector;
    private final String queryText;
    private final List<String> sources;
    private final ScoreFusion fusion;
    private final Function<String, VectorSimilarity> similarityByIndex;
    private final Map<CandidateKey, Map<String, Object>> fetched = new HashMap<>();
    private final Map<CandidateKey, Set<String>> fetchedPaths = new HashMap<>();

    /**
     * @param vectorField       the {@code pyramid_vector} field the query searches
     * @param queryVector       the query vector, as given (not normalised)
     * @param queryText         the query text, or null when the request gave only a vector
     * @param sources           the retrieval sources, e.g. {@code [lexical, dense]}
     * @param fusion            how the sources' scores were combined; stages that change a source's score re-fuse with it
     * @param similarityByIndex the similarity of {@code vectorField} in a concrete index
     */
    public RerankContext(
        String vectorField,
        float[] queryVector,
        String queryText,
        List<String> sources,
        ScoreFusion fusion,
        Function<String, VectorSimilarity> similarityByIndex
    ) {
        this.vectorField = vectorField;
        this.queryVector = queryVector.clone();
        this.queryText = queryText;
        this.sources = List.copyOf(sources);
        this.fusion = fusion;
        this.similarityByIndex = similarityByIndex;
    }

    public String vectorField() {
        return vectorField;
    }

    /** The query vector as the request gave it (a copy). */
    public float[] queryVector() {
        return queryVector.clone();
    }

    /** The query text, or null when the request gave only a vector. */
    public String queryText() {
        return queryText;
    }

    public List<String> sources() {
        return sources;
    }

    public ScoreFusion fusion() {
        return fusion;
    }

    /** The similarity of the vector field in {@code index} (a concrete index name, as in {@link CandidateKey#index}). */
    public VectorSimilarity similarity(String index) {
        return similarityByIndex.apply(index);
    }

    /**
     * The value of a {@code _source} path of a candidate: a string, number, boolean, list or map as in the source, or
     * null when the document does not have it.
     *
     * @throws IllegalStateException if the path was not fetched for this candidate: the stage did not declare it in
     *                               {@link RerankStage#fields}, or the candidate is outside the stage's window
     */
    public Object field(Candidate candidate, String path) {
        Set<String> paths = fetchedPaths.get(candidate.key());
        if (paths == null || paths.contains(path) == false) {
            throw new IllegalStateException(
                String.format(Locale.ROOT, "field [%s] of candidate %s was not fetched: a stage must declare the fields it reads", path, candidate.key())
            );
        }
        return fetched.getOrDefault(candidate.key(), Map.of()).get(path);
    }

    /**
     * A vector stored in {@code _source} at {@code path}, as floats, or null when the document has none.
     *
     * @throws IllegalArgumentException if the value is not an array of numbers
     */
    public float[] vector(Candidate candidate, String path) {
        Object value = field(candidate, path);
        if (value == null) {
            return null;
        }
        if ((value instanceof List<?>) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "field [%s] of document %s is not a vector: got [%s]", path, candidate.key(), value)
            );
        }
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            if ((list.get(i) instanceof Number) == false) {
                throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "field [%s] of document %s is not a vector: element [%d] is [%s]", path, candidate.key(), i, list.get(i))
                );
            }
            vector[i] = ((Number) list.get(i)).floatValue();
        }
        return vector;
    }

    /** The paths among {@code paths} not fetched yet for {@code key}. */
    Set<String> missing(CandidateKey key, Set<String> paths) {
        Set<String> have = fetchedPaths.getOrDefault(key, Set.of());
        return paths.stream().filter(p -> have.contains(p) == false).collect(java.util.stream.Collectors.toSet());
    }

    /** Records what a fetch returned; paths the document lacks are recorded as fetched (and null). */
    void record(CandidateKey key, Set<String> paths, Map<String, Object> values) {
        fetchedPaths.computeIfAbsent(key, k -> new java.util.HashSet<>()).addAll(paths);
        if (values != null && values.isEmpty() == false) {
            fetched.computeIfAbsent(key, k -> new HashMap<>()).putAll(values);
        }
    }
}
