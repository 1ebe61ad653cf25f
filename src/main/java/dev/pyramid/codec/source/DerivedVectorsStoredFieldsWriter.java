package dev.pyramid.codec.source;

import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.util.BytesRef;
import org.opensearch.index.mapper.SourceFieldMapper;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes stored fields through the wrapped writer, each {@code _source} without the vectors of the keys that the
 * document lists in {@link DerivedVectorsStoredFieldsFormat#VECTOR_KEYS_FIELD} and {@link StrippableFields} knows
 * (see {@link SourceVectorsJson#strip}). The mapper adds those values after {@code _source}, so a document's source is
 * held until {@link #finishDocument} and written last.
 *
 * <p>Merges: when every merged segment is read by {@link DerivedVectorsStoredFieldsReader}, the wrapped writer
 * merges their stored bytes (Lucene's bulk copy of compressed chunks, placeholders and all). Otherwise (e.g. a
 * reader wrapped for a merge policy) documents are visited with their sources restored and stripped again here.
 */
final class DerivedVectorsStoredFieldsWriter extends StoredFieldsWriter {

    private final StoredFieldsWriter delegate;
    private final StrippableFields strippableFields;
    /** The current document's source, held until its vector keys are known; null when it has none (yet). */
    private FieldInfo sourceField;
    private BytesRef source;
    private final Set<String> vectorKeys = new HashSet<>();

    DerivedVectorsStoredFieldsWriter(StoredFieldsWriter delegate, StrippableFields strippableFields) {
        this.delegate = delegate;
        this.strippableFields = strippableFields;
    }

    @Override
    public void startDocument() throws IOException {
        delegate.startDocument();
        sourceField = null;
        source = null;
        vectorKeys.clear();
    }

    @Override
    public void finishDocument() throws IOException {
        if (source != null) {
            BytesRef stripped = vectorKeys.isEmpty()
                ? null
                : SourceVectorsJson.strip(source, key -> vectorKeys.contains(key) ? strippableFields.dimensionOf(key) : StrippableFields.NOT_STRIPPABLE);
            delegate.writeField(sourceField, stripped == null ? source : stripped);
            source = null;
        }
        delegate.finishDocument();
    }

    @Override
    public void writeField(FieldInfo info, BytesRef value) throws IOException {
        if (SourceFieldMapper.NAME.equals(info.name)) {
            // A copy: the caller may reuse the bytes once this returns.
            sourceField = info;
            source = BytesRef.deepCopyOf(value);
        } else {
            delegate.writeField(info, value);
        }
    }

    @Override
    public void writeField(FieldInfo info, StoredFieldDataInput value) throws IOException {
        if (SourceFieldMapper.NAME.equals(info.name)) {
            byte[] bytes = new byte[value.getLength()];
            value.getDataInput().readBytes(bytes, 0, bytes.length);
            sourceField = info;
            source = new BytesRef(bytes); // already a copy of its own
        } else {
            delegate.writeField(info, value);
        }
    }

    @Override
    public void writeField(FieldInfo info, int value) throws IOException {
        delegate.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, long value) throws IOException {
        delegate.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, float value) throws IOException {
        delegate.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, double value) throws IOException {
        delegate.writeField(info, value);
    }

    @Override
    public void writeField(FieldInfo info, String value) throws IOException {
        if (DerivedVectorsStoredFieldsFormat.VECTOR_KEYS_FIELD.equals(info.name)) {
            vectorKeys.add(value);
        }
        delegate.writeField(info, value);
    }

    @Override
    public void finish(int numDocs) throws IOException {
        delegate.finish(numDocs);
    }

    @Override
    public int merge(MergeState mergeState) throws IOException {
        StoredFieldsReader[] storedBytes = new StoredFieldsReader[mergeState.storedFieldsReaders.length];
        for (int i = 0; i < storedBytes.length; i++) {
            if (mergeState.storedFieldsReaders[i] instanceof DerivedVectorsStoredFieldsReader derived) {
                storedBytes[i] = derived.storedBytesReader();
            } else if (mergeState.storedFieldsReaders[i] != null) {
                return super.merge(mergeState);
            }
        }
        return delegate.merge(withStoredFieldsReaders(mergeState, storedBytes));
    }

    private static MergeState withStoredFieldsReaders(MergeState state, StoredFieldsReader[] storedFieldsReaders) {
        return new MergeState(
            state.docMaps,
            state.segmentInfo,
            state.mergeFieldInfos,
            storedFieldsReaders,
            state.termVectorsReaders,
            state.normsProducers,
            state.docValuesProducers,
            state.fieldInfos,
            state.liveDocs,
            state.fieldsProducers,
            state.pointsReaders,
            state.knnVectorsReaders,
            state.maxDocs,
            state.infoStream,
            state.intraMergeTaskExecutor,
            state.needsIndexSort
        );
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public long ramBytesUsed() {
        return delegate.ramBytesUsed();
    }
}
