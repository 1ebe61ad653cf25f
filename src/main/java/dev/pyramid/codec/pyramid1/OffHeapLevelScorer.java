package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelQuantizer;

import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.store.RandomAccessInput;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;

/**
 * Scores one query against one coarse level, reading each vector's code and corrections in place from the level's
 * off-heap region ({@code ord * stride}) through positional reads, so scoring keeps no file pointer and copies
 * nothing for binary codes: their packed bits are read as 64-bit words and ANDed with the query's bit planes
 * ({@link LevelQuantizer.QueryCode#bitPlanes()}), as many popcounts as a byte-array kernel but without the copy.
 * Byte codes (int4, int8) are copied into a scratch array for Lucene's SIMD kernels. Not thread-safe (the scratch).
 */
final class OffHeapLevelScorer extends RandomVectorScorer.AbstractRandomVectorScorer {

    private final RandomAccessInput codes;
    private final LevelQuantizer quantizer;
    private final LevelQuantizer.QueryCode query;
    private final boolean binary;
    private final long[] bitPlanes;
    private final int words;
    private final byte[] code;
    private final int stride;
    private final int codeBytes;
    /** Binary levels: the first word of each neighbour's code, read ahead by {@link #bulkScore}. */
    private long[] firstWords = new long[0];

    OffHeapLevelScorer(KnnVectorValues ordinals, RandomAccessInput codes, LevelQuantizer quantizer, LevelQuantizer.QueryCode query) {
        super(ordinals);
        this.codes = codes;
        this.quantizer = quantizer;
        this.query = query;
        this.binary = quantizer.spec().encoding() == LevelEncoding.BINARY;
        this.bitPlanes = query.bitPlanes();
        this.codeBytes = quantizer.codeBytes();
        this.words = codeBytes / Long.BYTES;
        this.code = binary ? null : new byte[codeBytes];
        this.stride = quantizer.strideBytes();
    }

    @Override
    public float score(int ord) throws IOException {
        long offset = (long) ord * stride;
        int codeDot;
        if (binary) {
            codeDot = binaryDot(offset, codes.readLong(offset));
        } else {
            codes.readBytes(offset, code, 0, codeBytes);
            codeDot = quantizer.codeDot(query, code);
        }
        return estimate(offset, codeDot);
    }

    /**
     * Scores a graph node's unvisited neighbours in two passes for binary codes: the first reads the first word of
     * every record, so that the neighbours' cache misses overlap instead of following one another; the second scores
     * from cache.
     */
    @Override
    public void bulkScore(int[] nodes, float[] scores, int numNodes) throws IOException {
        if (binary == false) {
            super.bulkScore(nodes, scores, numNodes);
            return;
        }
        if (firstWords.length < numNodes) {
            firstWords = new long[numNodes];
        }
        for (int i = 0; i < numNodes; i++) {
            firstWords[i] = codes.readLong((long) nodes[i] * stride);
        }
        for (int i = 0; i < numNodes; i++) {
            long offset = (long) nodes[i] * stride;
            scores[i] = estimate(offset, binaryDot(offset, firstWords[i]));
        }
    }

    private float estimate(long offset, int codeDot) throws IOException {
        long corrections = offset + codeBytes;
        return quantizer.estimate(
            query,
            codeDot,
            Float.intBitsToFloat(codes.readInt(corrections)),
            Float.intBitsToFloat(codes.readInt(corrections + Integer.BYTES)),
            Float.intBitsToFloat(codes.readInt(corrections + 2 * Integer.BYTES)),
            codes.readInt(corrections + 3 * Integer.BYTES)
        );
    }

    /**
     * {@code Σ_p 2^p Σ_w popcount(plane_p[w] & x[w])} over the document's packed bits at {@code offset}, whose first
     * word {@code x[0]} the caller has read.
     */
    private int binaryDot(long offset, long firstWord) throws IOException {
        long[] planes = bitPlanes;
        int w = words;
        int p0 = Long.bitCount(planes[0] & firstWord);
        int p1 = Long.bitCount(planes[w] & firstWord);
        int p2 = Long.bitCount(planes[2 * w] & firstWord);
        int p3 = Long.bitCount(planes[3 * w] & firstWord);
        for (int i = 1; i < w; i++) {
            long bits = codes.readLong(offset + (long) i * Long.BYTES);
            p0 += Long.bitCount(planes[i] & bits);
            p1 += Long.bitCount(planes[w + i] & bits);
            p2 += Long.bitCount(planes[2 * w + i] & bits);
            p3 += Long.bitCount(planes[3 * w + i] & bits);
        }
        return p0 + (p1 << 1) + (p2 << 2) + (p3 << 3);
    }
}
