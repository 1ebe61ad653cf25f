package dev.pyramid.codec.source;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.tests.index.BaseStoredFieldsFormatTestCase;

/**
 * Lucene's stored fields contract for the format (documents without a {@code _source} here, so every value goes
 * through the wrapper untouched, merges included); what it does to sources is {@link DerivedSourceIndexTests}.
 * Lucene marks {@code testBigDocuments} {@code @Nightly}: it runs with {@code -Dtests.nightly=true}.
 */
public class DerivedVectorsStoredFieldsFormatTests extends BaseStoredFieldsFormatTestCase {

    @Override
    protected Codec getCodec() {
        return DerivedSourceCodecs.writing(StrippableFields.NONE);
    }
}
