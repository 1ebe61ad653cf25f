package dev.pyramid.codec.source;

import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.StoredFieldsWriter;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.IOUtils;

import java.io.IOException;

/**
 * Stored fields whose {@code _source} does not repeat the {@code pyramid_vector} vectors: the segment already keeps
 * every vector at full precision (the float level of {@code Pyramid1}), and a 384-d vector spelt in JSON is ~4 KB
 * per document, most of the stored fields and of what a fetch decompresses to read a hit's {@code _id}.
 *
 * <p>Bytes on disk: exactly the wrapped format's files ({@code .fdt}, {@code .fdx}, {@code .fdm} of
 * {@code Lucene90StoredFieldsFormat}, with its own headers, footers and mode attribute). The only difference is the
 * content of the {@code _source} field: where a top-level key held the document's indexed vector, its value is the
 * placeholder {@code []} (see {@link SourceVectorsJson}), and only for keys the document lists in {@link #VECTOR_KEYS_FIELD}:
 * what the mapping says at write time is not enough (a key stored while unmapped may be mapped by the time a sorted
 * index flushes or an old segment is merged again). Readers splice the vector back from the segment's float
 * level, so everything that reads stored fields (fetch, GET, update, reindex, operation-based recovery) sees the
 * whole source; merges copy the stored bytes as they are.
 *
 * <p>The format records nothing of its own: a segment is read the same way whether or not a source was stripped,
 * and a placeholder is only ever replaced for a document that has a vector in that field.
 */
public final class DerivedVectorsStoredFieldsFormat extends StoredFieldsFormat {

    /**
     * A stored string field, one value per top-level {@code pyramid_vector} field for which the document indexed a
     * vector (the field's name): written by the mapper, kept on disk, read by the writer and by merges to decide what
     * may leave {@code _source}. Not mapped, so searches never return it.
     */
    public static final String VECTOR_KEYS_FIELD = "_pyramid_vector_keys";

    private final StoredFieldsFormat delegate;
    private final StrippableFields strippableFields;

    /**
     * @param delegate the format that writes and reads the bytes
     * @param strippableFields which keys to strip when writing; {@link StrippableFields#NONE} for a format that only
     *     reads (the codec found by name)
     */
    public DerivedVectorsStoredFieldsFormat(StoredFieldsFormat delegate, StrippableFields strippableFields) {
        this.delegate = delegate;
        this.strippableFields = strippableFields;
    }

    @Override
    public StoredFieldsReader fieldsReader(Directory directory, SegmentInfo si, FieldInfos fn, IOContext context) throws IOException {
        StoredFieldsReader stored = delegate.fieldsReader(directory, si, fn, context);
        SegmentFullPrecisionVectors vectors;
        try {
            vectors = SegmentFullPrecisionVectors.open(directory, si, fn);
        } catch (Throwable t) {
            IOUtils.closeWhileHandlingException(stored);
            throw t;
        }
        // Wrapped even without vectors: merges copy stored bytes in bulk only when every reader is this format's.
        return new DerivedVectorsStoredFieldsReader(stored, vectors, true);
    }

    @Override
    public StoredFieldsWriter fieldsWriter(Directory directory, SegmentInfo si, IOContext context) throws IOException {
        return new DerivedVectorsStoredFieldsWriter(delegate.fieldsWriter(directory, si, context), strippableFields);
    }

    @Override
    public String toString() {
        return "DerivedVectorsStoredFieldsFormat(" + delegate + ")";
    }
}
