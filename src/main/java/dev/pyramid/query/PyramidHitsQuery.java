package dev.pyramid.query;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;
import dev.pyramid.codec.pyramid1.SearchTrace;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a {@link PyramidKnnQuery}: Lucene's doc-and-score query over the hits, plus the search's
 * {@link SearchTrace}. Its description (what {@code profile} shows) lists per segment and level the candidates
 * scored and kept, the time and the controller's decisions; its explanation says at which level each hit was chosen
 * and what each level that ran scored it (the returned score is always the full-precision one).
 */
final class PyramidHitsQuery extends Query {

    private final Query hits;
    private final String field;
    private final SearchTrace trace;

    PyramidHitsQuery(Query hits, String field, SearchTrace trace) {
        this.hits = hits;
        this.field = field;
        this.trace = trace;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        return new FilterWeight(this, hits.createWeight(searcher, scoreMode, boost)) {
            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Explanation explanation = in.explain(context, doc);
                if (explanation.isMatch() == false) {
                    return explanation;
                }
                Pyramid1VectorsReader reader = PyramidSegments.reader(context.reader(), field);
                PyramidLevels levels = reader == null ? null : reader.levels().levels(field);
                SearchTrace.LeafTrace leaf = reader == null ? null : leafTrace(reader);
                float[] scores = leaf == null ? null : leaf.hitScores(doc);
                if (levels == null || scores == null) {
                    // Lucene searched the segment itself: a filter too selective for the graph, a visit limit reached, or
                    // a field with the full-precision level only. Either way the score is exact.
                    String why = levels != null && levels.size() == 1 ? "the field has a single level" : "exact search (selective filter)";
                    return Explanation.match(
                        explanation.getValue(),
                        String.format(Locale.ROOT, "spi_pyramid [%s]: score at full precision, %s", field, why),
                        explanation
                    );
                }
                List<Explanation> details = new ArrayList<>();
                for (int level = 1; level <= scores.length; level++) {
                    if (Float.isNaN(scores[level - 1]) == false) {
                        details.add(Explanation.match(scores[level - 1], String.format(Locale.ROOT, "level %d [%s] score", level, levels.level(level))));
                    }
                }
                int chosenAt = leaf.stoppedAtLevel();
                return Explanation.match(
                    explanation.getValue(),
                    String.format(
                        Locale.ROOT,
                        "spi_pyramid [%s]: score at full precision (level %d of %d); %s",
                        field,
                        levels.size(),
                        levels.size(),
                        chosenAt == levels.size()
                            ? "every level ran"
                            : String.format(
                                Locale.ROOT,
                                "hit chosen at level %d of %d (%s)",
                                chosenAt,
                                levels.size(),
                                leaf.adaptive() ? "the controller stopped early" : "forced depth"
                            )
                    ),
                    details
                );
            }
        };
    }

    private SearchTrace.LeafTrace leafTrace(Pyramid1VectorsReader reader) {
        for (SearchTrace.LeafTrace leaf : trace.leaves()) {
            if (leaf.segment() == reader.levels()) {
                return leaf;
            }
        }
        return null;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewrittenHits = hits.rewrite(searcher);
        return rewrittenHits == hits ? this : new PyramidHitsQuery(rewrittenHits, field, trace);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        hits.visit(visitor.getSubVisitor(org.apache.lucene.search.BooleanClause.Occur.MUST, this));
    }

    /** What {@code profile} shows: {@link #shardSummary} first, then every segment's levels. */
    @Override
    public String toString(String f) {
        return "spi_pyramid[" + field + "] " + shardSummary(trace) + "; " + trace.summary();
    }

    /**
     * The shard's search per level, over its segments: candidates scored (graph nodes visited at level 1) and time,
     * then how many segments stopped at each level, e.g.
     * {@code shard[L1 scored=312 0.210ms, L2 scored=27 0.030ms, L3 scored=10 0.012ms; stopped at level 2 in 1,
     * level 3 in 2 of 3 segments]}.
     */
    static String shardSummary(SearchTrace trace) {
        List<SearchTrace.LeafTrace> leaves = trace.leaves();
        long[] scored = new long[PyramidLevels.MAX_LEVELS];
        long[] nanos = new long[PyramidLevels.MAX_LEVELS];
        int[] stopped = new int[PyramidLevels.MAX_LEVELS + 1];
        int deepest = 0;
        int exact = 0;
        for (SearchTrace.LeafTrace leaf : leaves) {
            for (SearchTrace.LevelTrace level : leaf.levels()) {
                scored[level.level() - 1] += level.scored();
                nanos[level.level() - 1] += level.nanos();
                deepest = Math.max(deepest, level.level());
            }
            if (leaf.fellBackToExact()) {
                exact++;
            } else {
                stopped[leaf.stoppedAtLevel()]++;
            }
        }
        StringBuilder out = new StringBuilder("shard[");
        for (int level = 1; level <= deepest; level++) {
            out.append(level > 1 ? ", " : "").append(String.format(Locale.ROOT, "L%d scored=%d %.3fms", level, scored[level - 1], nanos[level - 1] / 1e6));
        }
        out.append(deepest > 0 ? "; " : "").append("stopped at");
        String separator = " ";
        for (int level = 1; level < stopped.length; level++) {
            if (stopped[level] > 0) {
                out.append(separator).append("level ").append(level).append(" in ").append(stopped[level]);
                separator = ", ";
            }
        }
        if (exact > 0) {
            out.append(separator).append("exact search in ").append(exact);
        }
        return out.append(" of ").append(leaves.size()).append(" segments]").toString();
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && hits.equals(((PyramidHitsQuery) o).hits) && trace == ((PyramidHitsQuery) o).trace;
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + hits.hashCode();
    }
}
