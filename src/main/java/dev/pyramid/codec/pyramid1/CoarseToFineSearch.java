package dev.pyramid.codec.pyramid1;

import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One segment's coarse-to-fine search. Level 1 finds candidates (graph traversal, or a scan when the window covers
 * the segment), each finer level rescores the survivors of the one above and keeps its window, and the last level
 * run hands its best {@code k} to the caller's collector. Everything works on ordinals, the index all levels share;
 * documents appear only at the end.
 */
final class CoarseToFineSearch {

    private static final Comparator<ScoreDoc> BEST_FIRST = (a, b) -> {
        int byScore = Float.compare(b.score, a.score);
        return byScore != 0 ? byScore : Integer.compare(a.doc, b.doc);
    };

    private CoarseToFineSearch() {}

    /**
     * @param levels     the segment's levels
     * @param graph      the field's graph
     * @param levelCount the field's number of levels
     * @param acceptDocs accepted documents, or null for all
     */
    static void search(
        Pyramid1LevelsReader levels,
        HnswGraph graph,
        String field,
        float[] target,
        int levelCount,
        SearchPlan plan,
        KnnCollector collector,
        Bits acceptDocs
    ) throws IOException {
        int k = collector.k();
        int depth = plan.resolvedDepth(levelCount);
        RandomVectorScorer levelOne = levels.levelScorer(field, 1, target);
        Bits acceptOrds = levelOne.getAcceptOrds(acceptDocs);
        int window = plan.window(1, levelCount, k);
        long visitBudget = collector.visitLimit() - collector.visitedCount();
        TopKnnCollector candidates = new TopKnnCollector(window, (int) Math.min(Integer.MAX_VALUE, Math.max(visitBudget, 0)));
        if (window >= levelOne.maxOrd() || graph.size() == 0) {
            scan(levelOne, acceptOrds, candidates);
        } else {
            HnswGraphSearcher.search(levelOne, candidates, graph, acceptOrds);
        }
        collector.incVisitedCount((int) candidates.visitedCount());
        if (candidates.earlyTerminated()) {
            // over the caller's visit budget: the caller (Lucene's vector query) falls back to an exact search
            return;
        }
        ScoreDoc[] survivors = candidates.topDocs().scoreDocs; // .doc holds ordinals here
        for (int level = 2; level <= depth; level++) {
            RandomVectorScorer scorer = levels.levelScorer(field, level, target);
            for (ScoreDoc survivor : survivors) {
                survivor.score = scorer.score(survivor.doc);
            }
            Arrays.sort(survivors, BEST_FIRST);
            int keep = level == depth ? k : plan.window(level, levelCount, k);
            survivors = Arrays.copyOf(survivors, Math.min(keep, survivors.length));
        }
        for (int i = 0; i < Math.min(k, survivors.length); i++) {
            collector.collect(levelOne.ordToDoc(survivors[i].doc), survivors[i].score);
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
