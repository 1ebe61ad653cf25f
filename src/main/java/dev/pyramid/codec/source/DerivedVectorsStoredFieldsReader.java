package dev.pyramid.codec.source;

import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.util.IOUtils;
import org.opensearch.index.mapper.SourceFieldMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads stored fields through the wrapped reader and gives every {@code _source} back whole: each placeholder of a
 * vector the writer left out is replaced by the document's vector from the segment's float level.
 *
 * <p>Clones and merge instances share the original's float-level readers (the original closes them) and each has
 * its own vector values, as Lucene's stored fields instances are used by one thread at a time.
 */
final class DerivedVectorsStoredFieldsReader extends StoredFieldsReader {

    private final StoredFieldsReader delegate;
    private final SegmentFullPrecisionVectors vectors;
    private final boolean ownsVectors;
    private final Map<String, FieldCursor> cursorByField = new HashMap<>();

    DerivedVectorsStoredFieldsReader(StoredFieldsReader delegate, SegmentFullPrecisionVectors vectors, boolean ownsVectors) {
        this.delegate = delegate;
        this.vectors = vectors;
        this.ownsVectors = ownsVectors;
    }

    /** The wrapped reader, whose {@code _source} bytes are as stored: what a merge copies. */
    StoredFieldsReader storedBytesReader() {
        return delegate;
    }

    @Override
    public void document(int docID, StoredFieldVisitor visitor) throws IOException {
        delegate.document(docID, vectors.isEmpty() ? visitor : new RestoringVisitor(visitor, docID));
    }

    @Override
    public void prefetch(int docID) throws IOException {
        delegate.prefetch(docID);
    }

    @Override
    public StoredFieldsReader clone() {
        return new DerivedVectorsStoredFieldsReader(delegate.clone(), vectors, false);
    }

    /**
     * Restores sources too: OpenSearch's fetch phase reads runs of consecutive hits through the merge instance, and
     * so do reindex and scroll. Merges themselves copy the stored bytes ({@link DerivedVectorsStoredFieldsWriter}).
     */
    @Override
    public StoredFieldsReader getMergeInstance() {
        return new DerivedVectorsStoredFieldsReader(delegate.getMergeInstance(), vectors, false);
    }

    @Override
    public void checkIntegrity() throws IOException {
        // The float level's checksums are the segment vectors reader's to check.
        delegate.checkIntegrity();
    }

    @Override
    public void close() throws IOException {
        if (ownsVectors) {
            IOUtils.close(delegate, vectors);
        } else {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + delegate + ")";
    }

    private float[] vector(String field, int docID) throws IOException {
        if (vectors.hasField(field) == false) {
            return null;
        }
        FieldCursor cursor = cursorByField.get(field);
        // The iterator only goes forward: documents come in order in merges and sequential fetches, in any order in
        // a page of hits, where the values are opened again (a slice of the mapped file, no read).
        if (cursor == null || cursor.iterator.docID() > docID) {
            FloatVectorValues values = vectors.values(field);
            cursor = new FieldCursor(values, values.iterator());
            cursorByField.put(field, cursor);
        }
        int found = cursor.iterator.docID() == docID ? docID : cursor.iterator.advance(docID);
        return found == docID ? cursor.values.vectorValue(cursor.iterator.index()) : null;
    }

    private record FieldCursor(FloatVectorValues values, KnnVectorValues.DocIndexIterator iterator) {}

    /** Hands every field on to the caller's visitor, {@code _source} with its vectors restored. */
    private final class RestoringVisitor extends StoredFieldVisitor {

        private final StoredFieldVisitor in;
        private final int docID;

        RestoringVisitor(StoredFieldVisitor in, int docID) {
            this.in = in;
            this.docID = docID;
        }

        @Override
        public Status needsField(FieldInfo fieldInfo) throws IOException {
            return in.needsField(fieldInfo);
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, StoredFieldDataInput value) throws IOException {
            if (SourceFieldMapper.NAME.equals(fieldInfo.name)) {
                byte[] bytes = new byte[value.getLength()];
                value.getDataInput().readBytes(bytes, 0, bytes.length);
                binaryField(fieldInfo, bytes);
            } else {
                in.binaryField(fieldInfo, value);
            }
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, byte[] value) throws IOException {
            if (SourceFieldMapper.NAME.equals(fieldInfo.name)) {
                in.binaryField(fieldInfo, SourceVectorsJson.restore(value, key -> vector(key, docID)));
            } else {
                in.binaryField(fieldInfo, value);
            }
        }

        @Override
        public void stringField(FieldInfo fieldInfo, String value) throws IOException {
            in.stringField(fieldInfo, value);
        }

        @Override
        public void intField(FieldInfo fieldInfo, int value) throws IOException {
            in.intField(fieldInfo, value);
        }

        @Override
        public void longField(FieldInfo fieldInfo, long value) throws IOException {
            in.longField(fieldInfo, value);
        }

        @Override
        public void floatField(FieldInfo fieldInfo, float value) throws IOException {
            in.floatField(fieldInfo, value);
        }

        @Override
        public void doubleField(FieldInfo fieldInfo, double value) throws IOException {
            in.doubleField(fieldInfo, value);
        }
    }
}
