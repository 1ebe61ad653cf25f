package dev.pyramid.rerank;

import org.opensearch.core.action.ActionListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Runs {@link RerankStage}s one after the other over a ranking, after Anserini's {@code RerankerCascade}: each stage
 * gets the first {@link RerankStage#window()} candidates of the previous stage's output and its output, sorted by
 * score (descending; equal scores keep their incoming order), is the next stage's input.
 *
 * <p>Before a stage runs, the cascade fetches, through the {@link FieldFetcher}, the fields the stage declared for the
 * candidates in its window that do not have them yet; then it runs the stage on the executor (a search thread), so
 * that neither I/O nor model inference happens on a network thread. No stage means the ranking passes through.
 */
public final class RerankCascade {

    private final List<RerankStage> stages;
    private final FieldFetcher fetcher;
    private final Executor executor;

    public RerankCascade(List<RerankStage> stages, FieldFetcher fetcher, Executor executor) {
        this.stages = List.copyOf(stages);
        this.fetcher = fetcher;
        this.executor = executor;
    }

    public List<RerankStage> stages() {
        return stages;
    }

    /**
     * @param ranked   the fused candidates, best first
     * @param listener receives the final ranking, best first
     */
    public void run(RerankContext context, List<Candidate> ranked, ActionListener<List<Candidate>> listener) {
        runFrom(0, context, ranked, listener);
    }

    private void runFrom(int index, RerankContext context, List<Candidate> ranked, ActionListener<List<Candidate>> listener) {
        if (index == stages.size()) {
            listener.onResponse(ranked);
            return;
        }
        RerankStage stage = stages.get(index);
        List<Candidate> window = List.copyOf(ranked.subList(0, Math.min(stage.window(), ranked.size())));
        fetchMissing(context, window, stage.fields(context), ActionListener.wrap(fetched -> {
            try {
                executor.execute(() -> {
                    List<Candidate> next;
                    try {
                        next = apply(stage, context, window);
                    } catch (Exception e) {
                        listener.onFailure(e);
                        return;
                    }
                    runFrom(index + 1, context, next, listener);
                });
            } catch (Exception rejected) {
                listener.onFailure(rejected);
            }
        }, listener::onFailure));
    }

    private void fetchMissing(RerankContext context, List<Candidate> window, Set<String> fields, ActionListener<Void> listener) {
        if (fields.isEmpty()) {
            listener.onResponse(null);
            return;
        }
        Set<String> missingFields = new HashSet<>();
        List<CandidateKey> missingKeys = new ArrayList<>();
        for (Candidate candidate : window) {
            Set<String> missing = context.missing(candidate.key(), fields);
            if (missing.isEmpty() == false) {
                missingKeys.add(candidate.key());
                missingFields.addAll(missing);
            }
        }
        if (missingKeys.isEmpty()) {
            listener.onResponse(null);
            return;
        }
        fetcher.fetch(missingKeys, Set.copyOf(missingFields), ActionListener.wrap(values -> {
            for (CandidateKey key : missingKeys) {
                context.record(key, missingFields, values.get(key));
            }
            listener.onResponse(null);
        }, listener::onFailure));
    }

    /**
     * Runs one stage over its window and sorts its output: by score, descending, equal scores in incoming order.
     *
     * @throws IllegalStateException if the stage did not return each candidate it received exactly once
     */
    static List<Candidate> apply(RerankStage stage, RerankContext context, List<Candidate> window) throws IOException {
        List<Candidate> output = stage.rerank(context, window);
        Map<CandidateKey, Integer> incomingPosition = new HashMap<>();
        for (int i = 0; i < window.size(); i++) {
            incomingPosition.put(window.get(i).key(), i);
        }
        Set<CandidateKey> seen = new HashSet<>();
        for (Candidate candidate : output) {
            if (incomingPosition.containsKey(candidate.key()) == false || seen.add(candidate.key()) == false) {
                throw new IllegalStateException(
                    String.format(Locale.ROOT, "rerank stage [%s] returned candidate %s that it was not given, or twice", stage.name(), candidate.key())
                );
            }
        }
        if (seen.size() != window.size()) {
            throw new IllegalStateException(
                String.format(Locale.ROOT, "rerank stage [%s] returned %d candidates for %d", stage.name(), seen.size(), window.size())
            );
        }
        List<Candidate> sorted = new ArrayList<>(output);
        sorted.sort(
            Comparator.comparingDouble((Candidate c) -> c.score()).reversed().thenComparing(c -> incomingPosition.get(c.key()))
        );
        return sorted;
    }
}
