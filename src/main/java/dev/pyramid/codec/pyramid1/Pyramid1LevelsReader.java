package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelQuantizer;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.Accountables;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the levels written by {@link Pyramid1LevelsWriter}. Metadata (level table, centroid) is read into the heap
 * when the segment opens; codes stay off-heap and are read through {@link IndexInput} slices, one per scorer, so
 * the full-precision level is touched only by {@link #fullPrecisionScorer} to rescore a few candidates.
 */
public final class Pyramid1LevelsReader extends FlatVectorsReader {

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(Pyramid1LevelsReader.class);

    private final FlatVectorsReader fullPrecision;
    private final Map<String, FieldEntry> fields = new HashMap<>();
    private final IndexInput codes;
    private final long metaFileBytes;

    Pyramid1LevelsReader(SegmentReadState state, FlatVectorsReader fullPrecision) throws IOException {
        super(fullPrecision.getFlatVectorScorer());
        this.fullPrecision = fullPrecision;
        boolean success = false;
        String metaName = IndexFileNames.segmentFileName(state.segmentInfo.name, state.segmentSuffix, Pyramid1VectorsFormat.META_EXTENSION);
        try {
            int version;
            try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName)) {
                metaFileBytes = meta.length();
                Throwable priorE = null;
                version = -1;
                try {
                    version = CodecUtil.checkIndexHeader(
                        meta,
                        Pyramid1VectorsFormat.META_CODEC_NAME,
                        Pyramid1VectorsFormat.VERSION_START,
                        Pyramid1VectorsFormat.VERSION_CURRENT,
                        state.segmentInfo.getId(),
                        state.segmentSuffix
                    );
                    readFields(meta, state.fieldInfos);
                } catch (Throwable t) {
                    priorE = t;
                } finally {
                    CodecUtil.checkFooter(meta, priorE);
                }
            }
            String codesName = IndexFileNames.segmentFileName(
                state.segmentInfo.name,
                state.segmentSuffix,
                Pyramid1VectorsFormat.CODES_EXTENSION
            );
            codes = state.directory.openInput(codesName, state.context);
            int codesVersion = CodecUtil.checkIndexHeader(
                codes,
                Pyramid1VectorsFormat.CODES_CODEC_NAME,
                Pyramid1VectorsFormat.VERSION_START,
                Pyramid1VectorsFormat.VERSION_CURRENT,
                state.segmentInfo.getId(),
                state.segmentSuffix
            );
            if (codesVersion != version) {
                throw new CorruptIndexException("format versions mismatch: meta=" + version + ", codes=" + codesVersion, codes);
            }
            CodecUtil.retrieveChecksum(codes);
            for (Map.Entry<String, FieldEntry> entry : fields.entrySet()) {
                entry.getValue().checkLengths(codes);
                int fullPrecisionCount = fullPrecision.getFloatVectorValues(entry.getKey()).size();
                if (fullPrecisionCount != entry.getValue().count) {
                    throw new CorruptIndexException(
                        "field " + entry.getKey() + " has " + entry.getValue().count + " vectors in its levels and " + fullPrecisionCount
                            + " at full precision",
                        codes
                    );
                }
            }
            success = true;
        } finally {
            if (success == false) {
                IOUtils.closeWhileHandlingException(this);
            }
        }
    }

    private void readFields(ChecksumIndexInput meta, FieldInfos fieldInfos) throws IOException {
        for (int fieldNumber = meta.readInt(); fieldNumber != -1; fieldNumber = meta.readInt()) {
            FieldInfo info = fieldInfos.fieldInfo(fieldNumber);
            if (info == null) {
                throw new CorruptIndexException("invalid field number: " + fieldNumber, meta);
            }
            fields.put(info.name, FieldEntry.read(meta, info));
        }
    }

    /** Per field: what the segment recorded about its pyramid. */
    static final class FieldEntry {
        final VectorSimilarityFunction similarity;
        final int dimension;
        final int count;
        final PyramidLevels levels;
        final float[] centroid;
        final long[] offsets;
        final long[] lengths;
        final LevelQuantizer[] quantizers;

        private FieldEntry(
            VectorSimilarityFunction similarity,
            int dimension,
            int count,
            PyramidLevels levels,
            float[] centroid,
            long[] offsets,
            long[] lengths
        ) {
            this.similarity = similarity;
            this.dimension = dimension;
            this.count = count;
            this.levels = levels;
            this.centroid = centroid;
            this.offsets = offsets;
            this.lengths = lengths;
            this.quantizers = new LevelQuantizer[levels.size() - 1];
            for (int i = 0; i < quantizers.length; i++) {
                quantizers[i] = new LevelQuantizer(levels.level(i + 1), similarity, centroid);
            }
        }

        static FieldEntry read(IndexInput meta, FieldInfo info) throws IOException {
            VectorSimilarityFunction similarity = Pyramid1VectorsFormat.similarityFromWire(meta.readInt(), meta);
            if (similarity != info.getVectorSimilarityFunction()) {
                throw new CorruptIndexException(
                    "similarity " + similarity + " does not match field " + info.name + "'s " + info.getVectorSimilarityFunction(),
                    meta
                );
            }
            int dimension = meta.readVInt();
            if (dimension != info.getVectorDimension()) {
                throw new CorruptIndexException(
                    "dimension " + dimension + " does not match field " + info.name + "'s " + info.getVectorDimension(),
                    meta
                );
            }
            int count = meta.readVInt();
            int levelCount = meta.readVInt();
            // checked before anything is sized by it: a corrupt count must not allocate
            if (levelCount < 1 || levelCount > PyramidLevels.MAX_LEVELS) {
                throw new CorruptIndexException(
                    "field " + info.name + " has " + levelCount + " levels, expected 1.." + PyramidLevels.MAX_LEVELS,
                    meta
                );
            }
            List<LevelSpec> specs = new ArrayList<>(levelCount);
            for (int i = 0; i < levelCount; i++) {
                int wire = meta.readByte();
                int dims = meta.readVInt();
                try {
                    specs.add(new LevelSpec(dims, LevelEncoding.fromWireNumber(wire)));
                } catch (IllegalArgumentException e) {
                    throw new CorruptIndexException(e.getMessage(), meta, e);
                }
            }
            PyramidLevels levels;
            try {
                levels = PyramidLevels.of(specs, dimension);
            } catch (IllegalArgumentException e) {
                throw new CorruptIndexException("invalid levels for field " + info.name + ": " + e.getMessage(), meta, e);
            }
            float[] centroid = new float[dimension];
            if (count > 0) {
                for (int i = 0; i < dimension; i++) {
                    centroid[i] = Float.intBitsToFloat(meta.readInt());
                }
            }
            long[] offsets = new long[levelCount - 1];
            long[] lengths = new long[levelCount - 1];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = meta.readVLong();
                lengths[i] = meta.readVLong();
            }
            return new FieldEntry(similarity, dimension, count, levels, centroid, offsets, lengths);
        }

        void checkLengths(IndexInput codes) throws CorruptIndexException {
            for (int i = 0; i < quantizers.length; i++) {
                long expected = (long) count * quantizers[i].strideBytes();
                if (lengths[i] != expected) {
                    throw new CorruptIndexException(
                        "level " + (i + 1) + " holds " + lengths[i] + " bytes, expected " + expected + " for " + count + " vectors",
                        codes
                    );
                }
                if (offsets[i] + lengths[i] > codes.length() - CodecUtil.footerLength()) {
                    throw new CorruptIndexException("level " + (i + 1) + " extends past the end of the codes file", codes);
                }
            }
        }

        /** The entry without its quantizers, which {@link #getChildResources} reports one by one. */
        long ownRamBytesUsed() {
            return SHALLOW_SIZE + RamUsageEstimator.sizeOf(centroid) + RamUsageEstimator.sizeOf(offsets) + RamUsageEstimator.sizeOf(
                lengths
            ) + RamUsageEstimator.shallowSizeOf(quantizers);
        }

        private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(FieldEntry.class);
    }

    /** The pyramid recorded for a field in this segment, or null if the segment has no such field. */
    public PyramidLevels levels(String field) {
        FieldEntry entry = fields.get(field);
        return entry == null ? null : entry.levels;
    }

    /** The similarity function a field's vectors were written with. */
    public VectorSimilarityFunction similarity(String field) {
        return entry(field).similarity;
    }

    /** The number of vectors of a field in this segment (0 if none). */
    public int vectorCount(String field) {
        FieldEntry entry = fields.get(field);
        return entry == null ? 0 : entry.count;
    }

    /** Off-heap bytes of each coarse level of a field (index 0 = level 1). */
    public long[] coarseLevelBytes(String field) {
        FieldEntry entry = fields.get(field);
        return entry == null ? new long[0] : entry.lengths.clone();
    }

    /** Length of this segment's {@code .pym} file, for storage stats. */
    public long metaFileBytes() {
        return metaFileBytes;
    }

    /** Length of this segment's {@code .pyc} file (codes of every field plus header, padding and footer), for storage stats. */
    public long codesFileBytes() {
        return codes.length();
    }

    /**
     * A scorer of {@code target} against level {@code level} (1-based) of a field: coarse levels estimate from codes,
     * the last level is exact.
     */
    public RandomVectorScorer levelScorer(String field, int level, float[] target) throws IOException {
        FieldEntry entry = entry(field);
        if (level == entry.levels.size()) {
            return fullPrecisionScorer(field, target);
        }
        if (level < 1 || level > entry.levels.size()) {
            throw new IllegalArgumentException("field [" + field + "] has levels 1.." + entry.levels.size() + ", not " + level);
        }
        float[] query = target;
        if (entry.similarity == VectorSimilarityFunction.COSINE) {
            query = target.clone();
            VectorUtil.l2normalize(query, false);
        }
        LevelQuantizer quantizer = entry.quantizers[level - 1];
        IndexInput slice = codes.slice("pyramid-level-" + level, entry.offsets[level - 1], entry.lengths[level - 1]);
        return new OffHeapLevelScorer(fullPrecision.getFloatVectorValues(field), slice, quantizer, quantizer.encodeQuery(query));
    }

    /** Exact scores from the full-precision level. */
    public RandomVectorScorer fullPrecisionScorer(String field, float[] target) throws IOException {
        return fullPrecision.getRandomVectorScorer(field, target);
    }

    private FieldEntry entry(String field) {
        FieldEntry entry = fields.get(field);
        if (entry == null) {
            throw new IllegalArgumentException("field [" + field + "] has no pyramid in this segment");
        }
        return entry;
    }

    /** Graph traversal and {@code searchNearestVectors} score with the coarsest level. */
    @Override
    public RandomVectorScorer getRandomVectorScorer(String field, float[] target) throws IOException {
        FieldEntry entry = entry(field);
        if (entry.levels.size() == 1 || entry.count == 0) {
            return fullPrecisionScorer(field, target);
        }
        return levelScorer(field, 1, target);
    }

    @Override
    public RandomVectorScorer getRandomVectorScorer(String field, byte[] target) {
        throw new UnsupportedOperationException("pyramid fields hold float vectors, not byte vectors: [" + field + "]");
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
    public void checkIntegrity() throws IOException {
        fullPrecision.checkIntegrity();
        CodecUtil.checksumEntireFile(codes);
    }

    /**
     * The float level's bytes as Lucene's flat reader reports them ({@code "vec"}), and each coarse level's region of
     * {@code .pyc} under {@link Pyramid1VectorsFormat#coarseLevelOffHeapKey}.
     */
    @Override
    public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
        Map<String, Long> sizes = new HashMap<>(fullPrecision.getOffHeapByteSize(fieldInfo));
        FieldEntry entry = fields.get(fieldInfo.name);
        if (entry != null) {
            for (int i = 0; i < entry.lengths.length; i++) {
                sizes.put(Pyramid1VectorsFormat.coarseLevelOffHeapKey(i + 1, entry.levels.level(i + 1)), entry.lengths[i]);
            }
        }
        return sizes;
    }

    @Override
    public long ramBytesUsed() {
        long total = SHALLOW_SIZE + RamUsageEstimator.shallowSizeOf(fields) + fullPrecision.ramBytesUsed();
        for (FieldEntry entry : fields.values()) {
            total += entry.ownRamBytesUsed();
            for (LevelQuantizer quantizer : entry.quantizers) {
                total += quantizer.ramBytesUsed();
            }
        }
        return total;
    }

    /** The float level's reader, then per field its metadata and the quantizer of each coarse level. */
    @Override
    public Collection<Accountable> getChildResources() {
        List<Accountable> children = new ArrayList<>();
        children.add(Accountables.namedAccountable("float level", fullPrecision));
        for (Map.Entry<String, FieldEntry> field : new TreeMap<>(fields).entrySet()) {
            FieldEntry entry = field.getValue();
            children.add(Accountables.namedAccountable("field [" + field.getKey() + "] levels metadata", entry.ownRamBytesUsed()));
            for (int i = 0; i < entry.quantizers.length; i++) {
                String name = "field [" + field.getKey() + "] level " + (i + 1) + " " + entry.levels.level(i + 1);
                children.add(Accountables.namedAccountable(name, entry.quantizers[i]));
            }
        }
        return Collections.unmodifiableList(children);
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(fullPrecision, codes);
    }
}
