package dev.pyramid.codec.source;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;

import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.IOUtils;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The float levels of a segment's {@code Pyramid1} fields, opened for the stored fields reader: only the
 * full-precision files ({@code .vec}/{@code .vemf}), not the graph or the coarse levels, which the segment's own
 * vectors reader holds. Mapped files are shared through the page cache, so the second opening costs two file
 * handles and the meta read per field group.
 */
final class SegmentFullPrecisionVectors implements Closeable {

    private static final SegmentFullPrecisionVectors EMPTY = new SegmentFullPrecisionVectors(Map.of(), Map.of());

    private final Map<String, FlatVectorsReader> readerByField;
    private final Map<String, FlatVectorsReader> readerBySuffix;

    private SegmentFullPrecisionVectors(Map<String, FlatVectorsReader> readerByField, Map<String, FlatVectorsReader> readerBySuffix) {
        this.readerByField = readerByField;
        this.readerBySuffix = readerBySuffix;
    }

    static SegmentFullPrecisionVectors open(Directory directory, SegmentInfo segment, FieldInfos fieldInfos) throws IOException {
        Map<String, FlatVectorsReader> byField = new HashMap<>();
        Map<String, FlatVectorsReader> bySuffix = new HashMap<>();
        try {
            for (FieldInfo field : fieldInfos) {
                if (isPyramidFloatField(field) == false) {
                    continue;
                }
                // PerFieldKnnVectorsFormat names a format's files "<format>_<suffix>"; the suffix is the field's attribute.
                String segmentSuffix = Pyramid1VectorsFormat.NAME + "_" + field.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_SUFFIX_KEY);
                FlatVectorsReader reader = bySuffix.get(segmentSuffix);
                if (reader == null) {
                    SegmentReadState state = new SegmentReadState(directory, segment, fieldInfos, IOContext.DEFAULT, segmentSuffix);
                    reader = Pyramid1VectorsFormat.openFullPrecision(state);
                    bySuffix.put(segmentSuffix, reader);
                }
                byField.put(field.name, reader);
            }
        } catch (Throwable t) {
            IOUtils.closeWhileHandlingException(bySuffix.values());
            throw t;
        }
        return byField.isEmpty() ? EMPTY : new SegmentFullPrecisionVectors(byField, bySuffix);
    }

    private static boolean isPyramidFloatField(FieldInfo field) {
        return field.hasVectorValues()
            && field.getVectorEncoding() == VectorEncoding.FLOAT32
            && Pyramid1VectorsFormat.NAME.equals(field.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY))
            && field.getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_SUFFIX_KEY) != null;
    }

    boolean isEmpty() {
        return readerByField.isEmpty();
    }

    boolean hasField(String field) {
        return readerByField.containsKey(field);
    }

    /** Fresh values of the field (not thread-safe: one per reader clone), or {@code null} if it is not a pyramid field. */
    FloatVectorValues values(String field) throws IOException {
        FlatVectorsReader reader = readerByField.get(field);
        return reader == null ? null : reader.getFloatVectorValues(field);
    }

    @Override
    public void close() throws IOException {
        IOUtils.close(readerBySuffix.values());
    }
}
