package dev.pyramid.codec.pyramid1;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;

/**
 * The codec route of the plugin without a mapping: OpenSearch 3.5's Lucene codec, keeping its name, with every
 * vector field sent to one Pyramid1 format instance (the plugin's codec does the same for {@code pyramid_vector}
 * fields, chosen from the mapping).
 */
final class Pyramid1Codecs {

    private Pyramid1Codecs() {}

    static Codec everyVectorField(KnnVectorsFormat format) {
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}
