package dev.pyramid.codec.pyramid1;

import dev.pyramid.controller.ControllerSettings;
import dev.pyramid.controller.DepthController;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.PyramidLevels;
import dev.pyramid.quantization.QueryQuantizations;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.knn.KnnSearchStrategy;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * One segment's coarse-to-fine search. Level 1 finds candidates (graph traversal, or a scan when the window covers
 * the segment); each finer level rescores the survivors of the one above; the last level run hands its best
 * {@code k} to the caller's collector. Everything works on ordinals, the index all levels share; documents appear
 * only at the end.
 *
 * <p>A forced depth runs the plan's fixed windows down to that level. {@code depth: auto} lets a
 * {@link DepthController} bound the level-1 traversal and, after each level, stop or pick the next level's
 * candidates.
 */
final class CoarseToFineSearch {

    private static final Comparator<ScoreDoc> BEST_FIRST = (a, b) -> {
        int byScore = Float.compare(b.score, a.score);
        return byScore != 0 ? byScore : Integer.compare(a.doc, b.doc);
    };

    private CoarseToFineSearch() {}

    static void search(
        Pyramid1LevelsReader levels,
        HnswGraph graph,
        String field,
        float[] target,
        PyramidLevels pyramid,
        PyramidSearchStrategy strategy,
        KnnCollector collector,
        Bits acceptDocs
    ) throws IOException {
        int k = collector.k();
        int levelCount = pyramid.size();
        SearchPlan plan = strategy.plan();
        boolean auto = plan.depth() == SearchPlan.DEPTH_AUTO;
        DepthController controller = auto ? new DepthController(settingsFor(strategy, pyramid, levels.similarity(field))) : null;
        int depth = plan.resolvedDepth(levelCount);
        SearchTrace.LeafTrace trace = strategy.trace() == null ? null : strategy.trace().newLeaf(levels, field);

        long start = System.nanoTime();
        QueryQuantizations queryCodes = levels.queryQuantizations(field, target);
        RandomVectorScorer levelOne = levels.levelScorer(field, 1, target, queryCodes);
        Bits acceptOrds = levelOne.getAcceptOrds(acceptDocs);
        long visitBudget = Math.max(collector.visitLimit() - collector.visitedCount(), 0);
        TopKnnCollector window = new TopKnnCollector(
            plan.window(1, levelCount, k),
            (int) Math.min(Integer.MAX_VALUE, visitBudget),
            KnnSearchStrategy.Hnsw.DEFAULT
        );
        KnnCollector candidates = auto && Float.isFinite(controller.traversalMargin(1))
            ? new CertaintyBoundCollector(window, k, controller.traversalMargin(1))
            : window;
        if (window.k() >= levelOne.maxOrd() || graph.size() == 0) {
            scan(levelOne, acceptOrds, candidates);
        } else {
            HnswGraphSearcher.search(levelOne, candidates, graph, acceptOrds);
        }
        collector.incVisitedCount((int) candidates.visitedCount());
        if (candidates.earlyTerminated()) {
            // over the caller's visit budget: Lucene's vector query falls back to its exact search
            if (trace != null) {
                trace.fellBackToExact = true;
            }
            return;
        }
        ScoreDoc[] survivors = candidates.topDocs().scoreDocs; // .doc holds ordinals here
        Arrays.sort(survivors, BEST_FIRST);
        record(trace, 1, pyramid, candidates.visitedCount(), survivors.length, start, auto ? "bounded traversal" : "fixed window");
        // per ordinal, its estimate at every level run (only when tracing, for explain)
        Map<Integer, float[]> estimates = trace == null ? null : new HashMap<>();
        remember(estimates, survivors, 1, levelCount);

        int level = 1;
        while (level < depth) {
            String reason;
            int keep;
            if (auto) {
                DepthController.Decision decision = controller.afterLevel(level, scores(survivors), k, plan.window(level, levelCount, k));
                if (decision.stop()) {
                    amend(trace, decision.reason());
                    break;
                }
                keep = decision.window();
                reason = decision.reason();
            } else {
                keep = plan.window(level, levelCount, k);
                reason = "fixed window " + keep;
            }
            survivors = Arrays.copyOf(survivors, Math.min(keep, survivors.length));
            amend(trace, reason);
            long levelStart = System.nanoTime();
            level++;
            RandomVectorScorer scorer = levels.levelScorer(field, level, target, queryCodes);
            rescore(scorer, survivors);
            Arrays.sort(survivors, BEST_FIRST);
            remember(estimates, survivors, level, levelCount);
            record(trace, level, pyramid, survivors.length, survivors.length, levelStart, null);
        }
        int returned = Math.min(k, survivors.length);
        ScoreDoc[] answer = Arrays.copyOf(survivors, returned);
        finish(trace, returned);
        if (level < levelCount) {
            // The controller chose the answer at a coarse level. Its estimates must not leave the segment: another
            // segment or shard may have stopped elsewhere, and merging estimates of different precision with exact
            // scores would rank by quantization error. Scoring the k answers at full precision costs k float reads.
            long exactStart = System.nanoTime();
            rescore(levels.levelScorer(field, levelCount, target, queryCodes), answer);
            Arrays.sort(answer, BEST_FIRST);
            remember(estimates, answer, levelCount, levelCount);
            record(trace, levelCount, pyramid, returned, returned, exactStart, "exact scores of the returned top " + returned);
        }
        for (ScoreDoc hit : answer) {
            collector.collect(levelOne.ordToDoc(hit.doc), hit.score);
        }
        if (trace != null) {
            trace.stoppedAtLevel = level;
            trace.adaptive = auto;
            for (ScoreDoc hit : answer) {
                trace.hitScores.put(levelOne.ordToDoc(hit.doc), estimates.get(hit.doc));
            }
        }
    }

    private static ControllerSettings settingsFor(PyramidSearchStrategy strategy, PyramidLevels pyramid, VectorSimilarityFunction similarity) {
        if (strategy.controllerSettings() != null && strategy.controllerSettings().levelErrors().length == pyramid.size() - 1) {
            return strategy.controllerSettings();
        }
        LevelEncoding[] coarse = new LevelEncoding[pyramid.size() - 1];
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] = pyramid.level(i + 1).encoding();
        }
        boolean unitScale = similarity == VectorSimilarityFunction.COSINE || similarity == VectorSimilarityFunction.DOT_PRODUCT;
        ControllerSettings defaults = ControllerSettings.defaults(unitScale, coarse);
        return strategy.controllerSettings() == null
            ? defaults
            : new ControllerSettings(strategy.controllerSettings().z(), defaults.levelErrors(), defaults.traversalSlack());
    }

    private static void remember(Map<Integer, float[]> estimates, ScoreDoc[] survivors, int level, int levelCount) {
        if (estimates != null) {
            for (ScoreDoc survivor : survivors) {
                estimates.computeIfAbsent(survivor.doc, ord -> newUnscored(levelCount))[level - 1] = survivor.score;
            }
        }
    }

    private static float[] newUnscored(int levelCount) {
        float[] scores = new float[levelCount];
        Arrays.fill(scores, Float.NaN);
        return scores;
    }

    private static float[] scores(ScoreDoc[] bestFirst) {
        float[] scores = new float[bestFirst.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = bestFirst[i].score;
        }
        return scores;
    }

    private static void record(SearchTrace.LeafTrace trace, int level, PyramidLevels pyramid, long scored, int kept, long start, String decision) {
        if (trace != null) {
            trace.levels.add(
                new SearchTrace.LevelTrace(level, pyramid.level(level).toString(), scored, kept, System.nanoTime() - start, decision)
            );
        }
    }

    /** Marks the last level run as the one whose best {@code returned} candidates are the segment's answer. */
    private static void finish(SearchTrace.LeafTrace trace, int returned) {
        if (trace != null && trace.levels.isEmpty() == false) {
            SearchTrace.LevelTrace last = trace.levels.remove(trace.levels.size() - 1);
            String decision = (last.decision() == null ? "" : last.decision() + "; ") + "returned top " + returned;
            trace.levels.add(new SearchTrace.LevelTrace(last.level(), last.encoding(), last.scored(), returned, last.nanos(), decision));
        }
    }

    /** Attaches the decision taken after a level to that level's trace entry. */
    private static void amend(SearchTrace.LeafTrace trace, String decision) {
        if (trace != null && trace.levels.isEmpty() == false) {
            SearchTrace.LevelTrace last = trace.levels.remove(trace.levels.size() - 1);
            String merged = last.decision() == null ? decision : last.decision() + "; " + decision;
            trace.levels.add(new SearchTrace.LevelTrace(last.level(), last.encoding(), last.scored(), last.kept(), last.nanos(), merged));
        }
    }

    /**
     * Scores every survivor on a finer level through the scorer's bulk path (Lucene's float scorer computes several
     * vectors per pass, so their memory reads overlap).
     */
    private static void rescore(RandomVectorScorer scorer, ScoreDoc[] survivors) throws IOException {
        int[] ords = new int[survivors.length];
        for (int i = 0; i < ords.length; i++) {
            ords[i] = survivors[i].doc;
        }
        float[] scores = new float[survivors.length];
        scorer.bulkScore(ords, scores, ords.length);
        for (int i = 0; i < ords.length; i++) {
            survivors[i].score = scores[i];
        }
    }

    private static void scan(RandomVectorScorer scorer, Bits acceptOrds, KnnCollector candidates) throws IOException {
        for (int ord = 0, maxOrd = scorer.maxOrd(); ord < maxOrd; ord++) {
            if (acceptOrds != null && acceptOrds.get(ord) == false) {
                continue;
            }
            if (candidates.earlyTerminated()) {
                return;
            }
            candidates.incVisitedCount(1);
            candidates.collect(ord, scorer.score(ord));
        }
    }
}
