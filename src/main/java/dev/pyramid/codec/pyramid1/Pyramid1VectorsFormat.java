package dev.pyramid.codec.pyramid1;

import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.LevelsPolicy;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.DataInput;

import java.io.IOException;

/**
 * The vectors format of {@code pyramid_vector} fields: every vector kept at each level of the field's pyramid,
 * plus an HNSW graph whose traversal scores with the coarsest level. See {@link dev.pyramid.codec.pyramid1} for the
 * bytes of every file.
 *
 * <p>Composition, the way Lucene's BBQ format composes: {@link Lucene99HnswVectorsWriter} builds and writes the graph
 * over a {@link Pyramid1LevelsWriter}, which hands the full-precision level to {@link Lucene99FlatVectorsFormat} and
 * writes the coarse levels itself. Why a graph and not a scan of the binary codes: a scan costs one code read per
 * vector per query, which on 2 cores matches the graph only up to a few thousand vectors per segment; above that
 * the graph's logarithmic visits win, and tiny segments are searched exhaustively by Lucene's HNSW reader anyway
 * (when k reaches the segment size).
 */
public final class Pyramid1VectorsFormat extends KnnVectorsFormat {

    public static final String NAME = "Pyramid1";
    static final String META_CODEC_NAME = "Pyramid1LevelsMeta";
    static final String CODES_CODEC_NAME = "Pyramid1LevelsCodes";
    static final String META_EXTENSION = "pym";
    static final String CODES_EXTENSION = "pyc";
    static final int VERSION_START = 0;
    static final int VERSION_CURRENT = VERSION_START;

    /**
     * Every coarse level's region in {@code .pyc} starts at a multiple of this (a cache line, files being mapped at
     * page boundaries), so that a 64-byte record (a 384-d binary code with its corrections) is one cache line and a
     * visited node costs one memory access.
     */
    static final int LEVEL_ALIGNMENT = 64;

    public static final int DEFAULT_MAX_CONN = 16;
    public static final int DEFAULT_BEAM_WIDTH = 100;

    private final LevelsPolicy levelsPolicy;
    private final int maxConn;
    private final int beamWidth;
    private final FlatVectorsFormat fullPrecisionFormat = newFullPrecisionFormat();

    /** For reading (segments describe their own levels) and for writing the default pyramid. */
    public Pyramid1VectorsFormat() {
        this(LevelsPolicy.defaults(), DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH);
    }

    public Pyramid1VectorsFormat(LevelsPolicy levelsPolicy) {
        this(levelsPolicy, DEFAULT_MAX_CONN, DEFAULT_BEAM_WIDTH);
    }

    public Pyramid1VectorsFormat(LevelsPolicy levelsPolicy, int maxConn, int beamWidth) {
        super(NAME);
        this.levelsPolicy = levelsPolicy;
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        Pyramid1LevelsWriter levels = new Pyramid1LevelsWriter(
            state,
            fullPrecisionFormat.fieldsWriter(state),
            FlatVectorScorerUtil.getLucene99FlatVectorsScorer(),
            levelsPolicy
        );
        return new Lucene99HnswVectorsWriter(state, maxConn, beamWidth, levels, 1, null);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        Pyramid1LevelsReader levels = new Pyramid1LevelsReader(state, fullPrecisionFormat.fieldsReader(state));
        return new Pyramid1VectorsReader(new Lucene99HnswVectorsReader(state, levels), levels);
    }

    /**
     * Opens only the full-precision level of the format's fields in {@code state}'s files, for readers that need the
     * float32 vectors of documents and nothing else (the stored fields reader giving vectors back to {@code _source}).
     */
    public static FlatVectorsReader openFullPrecision(SegmentReadState state) throws IOException {
        return newFullPrecisionFormat().fieldsReader(state);
    }

    private static FlatVectorsFormat newFullPrecisionFormat() {
        return new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return PyramidVectorFieldMapper.MAX_DIMENSION;
    }

    @Override
    public String toString() {
        return NAME
            + "(levels="
            + levelsPolicy
            + ", graph="
            + new Lucene99HnswVectorsFormat(maxConn, beamWidth)
            + ", fullPrecision="
            + fullPrecisionFormat
            + ")";
    }

    /**
     * The key under which {@link KnnVectorsReader#getOffHeapByteSize} reports coarse level {@code level} (1-based) of
     * a field: its region of {@code .pyc}, e.g. {@code "pyc.1.binary"}. The level number keeps two levels of one
     * encoding apart (Matryoshka prefixes); the encoding lets totals over fields be read per encoding.
     */
    public static String coarseLevelOffHeapKey(int level, LevelSpec spec) {
        return CODES_EXTENSION + "." + level + "." + spec.encoding().jsonName();
    }

    /** Similarity functions by wire number, never by ordinal. */
    static int similarityToWire(VectorSimilarityFunction similarity) {
        return switch (similarity) {
            case EUCLIDEAN -> 0;
            case DOT_PRODUCT -> 1;
            case COSINE -> 2;
            case MAXIMUM_INNER_PRODUCT -> 3;
        };
    }

    static VectorSimilarityFunction similarityFromWire(int wire, DataInput in) throws CorruptIndexException {
        return switch (wire) {
            case 0 -> VectorSimilarityFunction.EUCLIDEAN;
            case 1 -> VectorSimilarityFunction.DOT_PRODUCT;
            case 2 -> VectorSimilarityFunction.COSINE;
            case 3 -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
            default -> throw new CorruptIndexException("unknown similarity wire number " + wire, in);
        };
    }
}
