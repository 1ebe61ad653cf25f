package dev.pyramid.query;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;
import dev.pyramid.codec.pyramid1.SearchTrace;

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
 * scored and kept, the time and the controller's decisions; its explanation says which level each hit's score came
 * from and what the coarser levels estimated.
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
                float[] scores = hitScores(context, doc);
                if (scores == null) {
                    return explanation;
                }
                Pyramid1VectorsReader reader = PyramidSegments.reader(context.reader(), field);
                List<Explanation> details = new ArrayList<>();
                for (int level = 1; level <= scores.length; level++) {
                    details.add(
                        Explanation.match(
                            scores[level - 1],
                            String.format(Locale.ROOT, "level %d [%s] score", level, reader.levels().levels(field).level(level))
                        )
                    );
                }
                return Explanation.match(
                    explanation.getValue(),
                    String.format(
                        Locale.ROOT,
                        "spi_pyramid [%s]: score from level %d of %d%s",
                        field,
                        scores.length,
                        reader.levels().levels(field).size(),
                        scores.length == reader.levels().levels(field).size() ? " (full precision)" : " (estimate: the controller stopped early)"
                    ),
                    details
                );
            }
        };
    }

    private float[] hitScores(LeafReaderContext context, int doc) {
        Pyramid1VectorsReader reader = PyramidSegments.reader(context.reader(), field);
        if (reader == null) {
            return null;
        }
        for (SearchTrace.LeafTrace leaf : trace.leaves()) {
            if (leaf.segment() == reader.levels()) {
                return leaf.hitScores(doc);
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

    @Override
    public String toString(String f) {
        return "spi_pyramid[" + field + "] " + trace.summary();
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
