package dev.pyramid.codec.source;

import dev.pyramid.codec.PyramidLucene103Codec;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;

/** The plugin's writing codec without a mapping: named like it, vectors of every field in Pyramid1, given strippable fields. */
final class DerivedSourceCodecs {

    private DerivedSourceCodecs() {}

    static Codec writing(StrippableFields strippableFields) {
        Lucene103Codec lucene = new Lucene103Codec() {
            private final KnnVectorsFormat pyramid = new Pyramid1VectorsFormat();

            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return pyramid;
            }
        };
        StoredFieldsFormat stored = new DerivedVectorsStoredFieldsFormat(lucene.storedFieldsFormat(), strippableFields);
        return new FilterCodec(PyramidLucene103Codec.NAME, lucene) {
            @Override
            public StoredFieldsFormat storedFieldsFormat() {
                return stored;
            }
        };
    }
}
