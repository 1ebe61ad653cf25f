package dev.pyramid.codec.pyramid1;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.Map;

/**
 * Reads {@link Pyramid1VectorsFormat} segments. Search scans the full-precision vectors exactly, honouring the
 * collector's visit limit so that Lucene's vector queries fall back to their own exact path under selective filters.
 */
public final class Pyramid1VectorsReader extends KnnVectorsReader implements Accountable {

    private final FlatVectorsReader fullPrecision;

    Pyramid1VectorsReader(FlatVectorsReader fullPrecision) {
        this.fullPrecision = fullPrecision;
    }

    @Override
    public void checkIntegrity() throws IOException {
        fullPrecision.checkIntegrity();
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
        return fullPrecision.getFloatVectorValues(field);
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) {
        throw new UnsupportedOperationException("pyramid fields hold float vectors, not byte vectors: [" + field + "]");
    }

    @Override
    public void search(String field, float[] target, KnnCollector collector, AcceptDocs acceptDocs) throws IOException {
        RandomVectorScorer scorer = fullPrecision.getRandomVectorScorer(field, target);
        if (scorer == null) {
            return;
        }
        Bits acceptOrds = scorer.getAcceptOrds(acceptDocs == null ? null : acceptDocs.bits());
        for (int ord = 0, maxOrd = scorer.maxOrd(); ord < maxOrd; ord++) {
            if (acceptOrds != null && acceptOrds.get(ord) == false) {
                continue;
            }
            if (collector.earlyTerminated()) {
                return;
            }
            collector.incVisitedCount(1);
            collector.collect(scorer.ordToDoc(ord), scorer.score(ord));
        }
    }

    @Override
    public void search(String field, byte[] target, KnnCollector collector, AcceptDocs acceptDocs) {
        throw new UnsupportedOperationException("pyramid fields hold float vectors, not byte vectors: [" + field + "]");
    }

    @Override
    public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
        return fullPrecision.getOffHeapByteSize(fieldInfo);
    }

    @Override
    public long ramBytesUsed() {
        return fullPrecision.ramBytesUsed();
    }

    @Override
    public void close() throws IOException {
        fullPrecision.close();
    }
}
