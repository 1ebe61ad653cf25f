package dev.pyramid.codec.pyramid1;

import dev.pyramid.mapper.PyramidVectorFieldMapper;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * The vectors format of {@code pyramid_vector} fields. See {@link dev.pyramid.codec.pyramid1} for the files it writes.
 *
 * <p>The full-precision level is delegated to Lucene's flat format ({@link Lucene99FlatVectorsFormat}), which keeps
 * float32 vectors on disk in ordinal order and scores them through Lucene's (Panama-vectorised) flat scorer.
 */
public final class Pyramid1VectorsFormat extends KnnVectorsFormat {

    public static final String NAME = "Pyramid1";

    private final FlatVectorsFormat fullPrecisionFormat;

    /** Used by SPI on read, and by the codec on write. */
    public Pyramid1VectorsFormat() {
        super(NAME);
        this.fullPrecisionFormat = new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return fullPrecisionFormat.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return new Pyramid1VectorsReader(fullPrecisionFormat.fieldsReader(state));
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return PyramidVectorFieldMapper.MAX_DIMENSION;
    }

    @Override
    public String toString() {
        return NAME + "(fullPrecision=" + fullPrecisionFormat + ")";
    }
}
