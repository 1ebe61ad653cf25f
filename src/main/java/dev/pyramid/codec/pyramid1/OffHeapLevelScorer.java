package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelQuantizer;

import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;

/**
 * Scores one query against one coarse level, reading each vector's code and corrections from the level's off-heap
 * slice ({@code ord * stride}). Not thread-safe: every scorer owns its slice.
 */
final class OffHeapLevelScorer extends RandomVectorScorer.AbstractRandomVectorScorer {

    private final IndexInput slice;
    private final LevelQuantizer quantizer;
    private final LevelQuantizer.QueryCode query;
    private final byte[] code;
    private final int stride;

    OffHeapLevelScorer(KnnVectorValues ordinals, IndexInput slice, LevelQuantizer quantizer, LevelQuantizer.QueryCode query) {
        super(ordinals);
        this.slice = slice;
        this.quantizer = quantizer;
        this.query = query;
        this.code = new byte[quantizer.codeBytes()];
        this.stride = quantizer.strideBytes();
    }

    @Override
    public float score(int ord) throws IOException {
        slice.seek((long) ord * stride);
        slice.readBytes(code, 0, code.length);
        float lower = Float.intBitsToFloat(slice.readInt());
        float upper = Float.intBitsToFloat(slice.readInt());
        float additional = Float.intBitsToFloat(slice.readInt());
        int componentSum = slice.readInt();
        return quantizer.estimate(query, code, lower, upper, additional, componentSum);
    }
}
