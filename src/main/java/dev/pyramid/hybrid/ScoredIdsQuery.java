package dev.pyramid.hybrid;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Matches the documents whose {@code _id} term is one of the given ids, each with the score given for it: the shard
 * half of {@link PyramidScoredIdsQueryBuilder}. Per segment it looks the ids up in the terms of the id field (skipping
 * deleted documents), like Lucene's {@code TermInSetQuery}, and serves the scores from arrays sorted by doc id, like
 * Lucene's doc-and-score query behind {@code KnnFloatVectorQuery}.
 */
final class ScoredIdsQuery extends Query {

    /** A document's score, and its explanation when the request asked for explanations. */
    record Scored(float score, Explanation explanation) {}

    private final String idField;
    private final TreeMap<BytesRef, Scored> byId;

    /** @param byId encoded ids (as in the index) to their scores, each score finite and >= 0 */
    ScoredIdsQuery(String idField, Map<BytesRef, Scored> byId) {
        this.idField = idField;
        this.byId = new TreeMap<>(byId);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new Weight(this) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                Resolved matches = resolve(context);
                if (matches.docs.length == 0) {
                    return null;
                }
                Scorer scorer = new ArrayScorer(matches.docs, matches.scores, boost);
                return new DefaultScorerSupplier(scorer);
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Resolved matches = resolve(context);
                int position = Arrays.binarySearch(matches.docs, doc);
                if (position < 0) {
                    return Explanation.noMatch("document is not one of the ids scored by the coordinating node");
                }
                Scored scored = matches.scored.get(position);
                Explanation why = scored.explanation() != null
                    ? scored.explanation()
                    : Explanation.match(scored.score(), "score given by the coordinating node");
                return boost == 1f ? why : Explanation.match(scored.score() * boost, "product of:", why, Explanation.match(boost, "boost"));
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return true;
            }
        };
    }

    private record Resolved(int[] docs, float[] scores, List<Scored> scored) {}

    private Resolved resolve(LeafReaderContext context) throws IOException {
        Terms terms = context.reader().terms(idField);
        if (terms == null) {
            return new Resolved(new int[0], new float[0], List.of());
        }
        TermsEnum termsEnum = terms.iterator();
        Bits liveDocs = context.reader().getLiveDocs();
        TreeMap<Integer, Scored> found = new TreeMap<>();
        PostingsEnum postings = null;
        for (Map.Entry<BytesRef, Scored> entry : byId.entrySet()) {
            if (termsEnum.seekExact(entry.getKey()) == false) {
                continue;
            }
            postings = termsEnum.postings(postings, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    found.put(doc, entry.getValue());
                }
            }
        }
        int[] docs = new int[found.size()];
        float[] scores = new float[found.size()];
        List<Scored> scored = new ArrayList<>(found.values());
        int i = 0;
        for (Map.Entry<Integer, Scored> entry : found.entrySet()) {
            docs[i] = entry.getKey();
            scores[i++] = entry.getValue().score();
        }
        return new Resolved(docs, scores, scored);
    }

    /** Iterates the matching documents in doc id order with their scores. */
    private static final class ArrayScorer extends Scorer {
        private final int[] docs;
        private final float[] scores;
        private final float boost;
        private final float maxScore;
        private int index = -1;

        ArrayScorer(int[] docs, float[] scores, float boost) {
            this.docs = docs;
            this.scores = scores;
            this.boost = boost;
            float max = 0;
            for (float score : scores) {
                max = Math.max(max, score * boost);
            }
            this.maxScore = max;
        }

        @Override
        public int docID() {
            return index < 0 ? -1 : index >= docs.length ? DocIdSetIterator.NO_MORE_DOCS : docs[index];
        }

        @Override
        public float score() {
            return scores[index] * boost;
        }

        @Override
        public float getMaxScore(int upTo) {
            return maxScore;
        }

        @Override
        public DocIdSetIterator iterator() {
            return new DocIdSetIterator() {
                @Override
                public int docID() {
                    return ArrayScorer.this.docID();
                }

                @Override
                public int nextDoc() {
                    index++;
                    return docID();
                }

                @Override
                public int advance(int target) {
                    int position = Arrays.binarySearch(docs, Math.max(index + 1, 0), docs.length, target);
                    index = position >= 0 ? position : -position - 1;
                    return docID();
                }

                @Override
                public long cost() {
                    return docs.length;
                }
            };
        }
    }

    @Override
    public void visit(QueryVisitor visitor) {
        if (visitor.acceptField(idField)) {
            visitor.visitLeaf(this);
        }
    }

    @Override
    public String toString(String field) {
        return "pyramid_scored_ids[" + idField + "](" + byId.size() + " ids)";
    }

    @Override
    public boolean equals(Object o) {
        return sameClassAs(o) && idField.equals(((ScoredIdsQuery) o).idField) && byId.equals(((ScoredIdsQuery) o).byId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), idField, byId);
    }
}
