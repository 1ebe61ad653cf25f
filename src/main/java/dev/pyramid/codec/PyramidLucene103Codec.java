package dev.pyramid.codec;

import dev.pyramid.codec.source.DerivedVectorsStoredFieldsFormat;
import dev.pyramid.codec.source.StrippableFields;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;

/**
 * The codec Lucene finds by name ({@code META-INF/services}) for segments whose {@code _source} was written without
 * its pyramid vectors: Lucene 10.3's codec with {@link DerivedVectorsStoredFieldsFormat} for stored fields. Every
 * other format reads as {@code Lucene103} does (per-field postings, doc values and vectors find their formats from
 * the fields' attributes; stored fields read their compression mode from the segment's attributes).
 *
 * <p>Segments are written by {@link PyramidCodec} under this name; this instance only reads, so it strips nothing.
 */
public final class PyramidLucene103Codec extends FilterCodec {

    public static final String NAME = "PyramidLucene103";

    /** The name of the codec that segments of this codec were written over. */
    static final String DELEGATE_NAME = "Lucene103";

    private final StoredFieldsFormat storedFieldsFormat;

    public PyramidLucene103Codec() {
        super(NAME, new Lucene103Codec());
        this.storedFieldsFormat = new DerivedVectorsStoredFieldsFormat(delegate.storedFieldsFormat(), StrippableFields.NONE);
    }

    @Override
    public StoredFieldsFormat storedFieldsFormat() {
        return storedFieldsFormat;
    }
}
