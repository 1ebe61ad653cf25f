package dev.pyramid.codec.source;

import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.StoredFieldDataInput;
import org.apache.lucene.util.BytesRef;
import org.opensearch.index.mapper.SourceFieldMapper;

import java.io.IOException;

/**
 * Writes stored fields through the wrapped writer, each {@code _source} without the vectors {@link StrippableFields}
 * names (see {@link SourceVectorsJson#strip}).
 *
 * <p>Merges: when every merged segment is read by {@link DerivedVectorsStoredFieldsReader}, the wrapped writer
 * merges their stored bytes (Lucene's bulk copy of compressed chunks, placeholders and all). Otherwise (e.g. a
 * reader wrapped for a merge policy) documents are visited with their sources restored and stripped again here.
 */
final class DerivedVectorsStoredFieldsWriter extends StoredFieldsWriter {

    private final StoredFieldsWriter delegate;
    private final StrippableFields strippableFields;

    DerivedVectorsStoredFieldsWriter(StoredFieldsWriter delegate, StrippableFields strippableFields) {
        this.delegate = delegate;
        this.strippableFields = strippableFields;
    }

    @Override
    public void startDocument() throws IOException {
        delegate.startDocument();
    }

    @Override
    public void finishDocument() throws IOException {
        delegate.finishDocument();
    }

    @Override
    public void writeField(FieldInfo info, BytesRef value) throws IOException {
        if (SourceFieldMapper.NAME.equals(info.name)) {
            BytesRef stripped = SourceVectorsJson.strip(value, strippableFields);
            delegate.writeField(info, stripped == null ? value : stripped);
        } else {
            delegate.writeField(info, value);
        }
    }

    @Override
    public void writeField(FieldInfo info, StoredFieldDataInput value) throws IOException {
        if (SourceFieldMapper.NAME.equals(info.name)) {
            byte[] bytes = new byte[value.getLength()];
            value.getDataInput().readBytes(bytes, 0, bytes.length);
            writeField(info, new BytesRef(bytes));
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
