package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelQuantizer;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import org.apache.lucene.index.DocsWithFieldSet;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.CloseableRandomVectorScorerSupplier;
import org.apache.lucene.util.quantization.OptimizedScalarQuantizer.QuantizationResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the levels of pyramid fields: the full-precision level through Lucene's flat writer, every coarse level
 * as OSQ codes with corrections in {@code .pyc}, and per field the centroid and level table in {@code .pym}.
 * Codes are in the flat writer's ordinal order, so an ordinal means the same vector at every level.
 */
final class Pyramid1LevelsWriter extends FlatVectorsWriter {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(Pyramid1LevelsWriter.class);

    private final SegmentWriteState state;
    private final FlatVectorsWriter fullPrecision;
    private final LevelsPolicy levelsPolicy;
    private final List<FieldWriter> fields = new ArrayList<>();
    private IndexOutput meta;
    private IndexOutput codes;
    private boolean finished;

    Pyramid1LevelsWriter(SegmentWriteState state, FlatVectorsWriter fullPrecision, FlatVectorsScorer scorer, LevelsPolicy levelsPolicy)
        throws IOException {
        super(scorer);
        this.state = state;
        this.fullPrecision = fullPrecision;
        this.levelsPolicy = levelsPolicy;
        boolean success = false;
        try {
            meta = state.directory.createOutput(fileName(state, Pyramid1VectorsFormat.META_EXTENSION), state.context);
            codes = state.directory.createOutput(fileName(state, Pyramid1VectorsFormat.CODES_EXTENSION), state.context);
            CodecUtil.writeIndexHeader(
                meta,
                Pyramid1VectorsFormat.META_CODEC_NAME,
                Pyramid1VectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(),
                state.segmentSuffix
            );
            CodecUtil.writeIndexHeader(
                codes,
                Pyramid1VectorsFormat.CODES_CODEC_NAME,
                Pyramid1VectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(),
                state.segmentSuffix
            );
            success = true;
        } finally {
            if (success == false) {
                IOUtils.closeWhileHandlingException(this);
            }
        }
    }

    static String fileName(SegmentWriteState state, String extension) {
        return IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, extension);
    }

    @Override
    public FlatFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
        // refused before the flat writer registers the field
        if (fieldInfo.getVectorEncoding() != VectorEncoding.FLOAT32) {
            throw new IllegalArgumentException("pyramid fields hold float vectors, field [" + fieldInfo.name + "] holds bytes");
        }
        FlatFieldVectorsWriter<?> fullPrecisionField = fullPrecision.addField(fieldInfo);
        @SuppressWarnings("unchecked")
        FieldWriter writer = new FieldWriter(fieldInfo, (FlatFieldVectorsWriter<float[]>) fullPrecisionField);
        fields.add(writer);
        return writer;
    }

    @Override
    public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
        fullPrecision.flush(maxDoc, sortMap);
        for (FieldWriter field : fields) {
            List<float[]> vectors = field.delegate.getVectors();
            int[] newToOld = null;
            if (sortMap != null) {
                newToOld = new int[vectors.size()];
                mapOldOrdToNewOrd(field.delegate.getDocsWithFieldSet(), sortMap, null, newToOld, new DocsWithFieldSet());
            }
            final int[] order = newToOld;
            // the full-precision writer has finished the field; its vectors stay in memory until close
            writeField(field.fieldInfo, vectors.size(), ord -> vectors.get(order == null ? ord : order[ord]));
        }
    }

    @Override
    public void mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        fullPrecision.mergeOneField(fieldInfo, mergeState);
        writeMergedField(fieldInfo, mergeState);
    }

    @Override
    public CloseableRandomVectorScorerSupplier mergeOneFieldToIndex(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        // The graph of the merged segment is built on full-precision scores (as at flush): an accurate graph is
        // what lets the coarse level traverse it with a small candidate window.
        CloseableRandomVectorScorerSupplier supplier = fullPrecision.mergeOneFieldToIndex(fieldInfo, mergeState);
        boolean success = false;
        try {
            writeMergedField(fieldInfo, mergeState);
            success = true;
            return supplier;
        } finally {
            if (success == false) {
                IOUtils.closeWhileHandlingException(supplier);
            }
        }
    }

    private void writeMergedField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
        FloatVectorValues counting = MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState);
        int count = 0;
        KnnVectorValues.DocIndexIterator iterator = counting.iterator();
        while (iterator.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
            count++;
        }
        writeField(fieldInfo, count, new MergedVectorSource(fieldInfo, mergeState));
    }

    /** Vectors by ordinal, in writing order; each level reads them once, in order. */
    private interface VectorSource {
        float[] vector(int ord) throws IOException;
    }

    /** Streams merged vectors in ordinal order, restarting the merged iterator for every pass. */
    private static final class MergedVectorSource implements VectorSource {
        private final FieldInfo fieldInfo;
        private final MergeState mergeState;
        private FloatVectorValues values;
        private KnnVectorValues.DocIndexIterator iterator;
        private int nextOrd;

        MergedVectorSource(FieldInfo fieldInfo, MergeState mergeState) {
            this.fieldInfo = fieldInfo;
            this.mergeState = mergeState;
        }

        @Override
        public float[] vector(int ord) throws IOException {
            if (values == null || ord < nextOrd) {
                values = MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState);
                iterator = values.iterator();
                nextOrd = 0;
            }
            while (nextOrd <= ord) {
                if (iterator.nextDoc() == DocIdSetIterator.NO_MORE_DOCS) {
                    throw new IllegalStateException("merged vectors ended before ordinal [" + ord + "]");
                }
                nextOrd++;
            }
            return values.vectorValue(iterator.index());
        }
    }

    private void writeField(FieldInfo fieldInfo, int count, VectorSource source) throws IOException {
        int dimension = fieldInfo.getVectorDimension();
        VectorSimilarityFunction similarity = fieldInfo.getVectorSimilarityFunction();
        PyramidLevels levels = levelsPolicy.levelsFor(dimension);
        float[] centroid = new float[dimension];
        if (count > 0) {
            double[] sums = new double[dimension];
            for (int ord = 0; ord < count; ord++) {
                float[] vector = prepare(source.vector(ord), similarity);
                for (int i = 0; i < dimension; i++) {
                    sums[i] += vector[i];
                }
            }
            for (int i = 0; i < dimension; i++) {
                centroid[i] = (float) (sums[i] / count);
            }
            if (similarity == VectorSimilarityFunction.COSINE && VectorUtil.dotProduct(centroid, centroid) > 0) {
                VectorUtil.l2normalize(centroid);
            }
        }

        List<LevelSpec> coarse = levels.levels().subList(0, levels.size() - 1);
        long[] offsets = new long[coarse.size()];
        long[] lengths = new long[coarse.size()];
        for (int level = 0; level < coarse.size(); level++) {
            LevelQuantizer quantizer = new LevelQuantizer(coarse.get(level), similarity, centroid);
            byte[] scratch = quantizer.newScratch();
            byte[] code = new byte[quantizer.codeBytes()];
            offsets[level] = codes.alignFilePointer(Float.BYTES);
            for (int ord = 0; ord < count; ord++) {
                QuantizationResult corrections = quantizer.encodeDocument(prepare(source.vector(ord), similarity), scratch, code);
                codes.writeBytes(code, code.length);
                codes.writeInt(Float.floatToIntBits(corrections.lowerInterval()));
                codes.writeInt(Float.floatToIntBits(corrections.upperInterval()));
                codes.writeInt(Float.floatToIntBits(corrections.additionalCorrection()));
                codes.writeInt(corrections.quantizedComponentSum());
            }
            lengths[level] = codes.getFilePointer() - offsets[level];
        }

        meta.writeInt(fieldInfo.number);
        meta.writeInt(Pyramid1VectorsFormat.similarityToWire(similarity));
        meta.writeVInt(dimension);
        meta.writeVInt(count);
        meta.writeVInt(levels.size());
        for (LevelSpec level : levels.levels()) {
            meta.writeByte((byte) level.encoding().wireNumber());
            meta.writeVInt(level.dims());
        }
        if (count > 0) {
            for (float c : centroid) {
                meta.writeInt(Float.floatToIntBits(c));
            }
        }
        for (int level = 0; level < coarse.size(); level++) {
            meta.writeVLong(offsets[level]);
            meta.writeVLong(lengths[level]);
        }
    }

    /** Quantization works on unit vectors for cosine; the stored full-precision vector stays as given. */
    private static float[] prepare(float[] vector, VectorSimilarityFunction similarity) {
        if (similarity != VectorSimilarityFunction.COSINE) {
            return vector;
        }
        float[] copy = vector.clone();
        VectorUtil.l2normalize(copy, false);
        return copy;
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        fullPrecision.finish();
        meta.writeInt(-1);
        CodecUtil.writeFooter(meta);
        CodecUtil.writeFooter(codes);
    }

    /** The buffered vectors are the flat writer's, counted once there; each field adds only its wrapper. */
    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + fullPrecision.ramBytesUsed() + fields.size() * FieldWriter.SHALLOW_SIZE;
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(meta, codes, fullPrecision);
    }

    /** Collects a field's vectors in the full-precision writer; levels are computed from them at flush. */
    private static final class FieldWriter extends FlatFieldVectorsWriter<float[]> {
        private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(FieldWriter.class);

        private final FieldInfo fieldInfo;
        private final FlatFieldVectorsWriter<float[]> delegate;

        FieldWriter(FieldInfo fieldInfo, FlatFieldVectorsWriter<float[]> delegate) {
            this.fieldInfo = fieldInfo;
            this.delegate = delegate;
        }

        @Override
        public void addValue(int docID, float[] vectorValue) throws IOException {
            delegate.addValue(docID, vectorValue);
        }

        @Override
        public float[] copyValue(float[] vectorValue) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<float[]> getVectors() {
            return delegate.getVectors();
        }

        @Override
        public DocsWithFieldSet getDocsWithFieldSet() {
            return delegate.getDocsWithFieldSet();
        }

        @Override
        public void finish() throws IOException {
            delegate.finish();
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public long ramBytesUsed() {
            return SHALLOW_SIZE + delegate.ramBytesUsed();
        }
    }
}
