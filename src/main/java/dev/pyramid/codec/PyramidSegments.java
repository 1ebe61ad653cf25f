package dev.pyramid.codec;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.LeafReader;

/** Finds the pyramid reader of a field in a segment, through the wrappers OpenSearch puts around leaf readers. */
public final class PyramidSegments {

    private PyramidSegments() {}

    /** The field's pyramid reader, or null if the segment stores the field in another format (or not at all). */
    public static Pyramid1VectorsReader reader(LeafReader leaf, String field) {
        LeafReader unwrapped = FilterLeafReader.unwrap(leaf);
        if (unwrapped instanceof CodecReader codecReader) {
            KnnVectorsReader vectors = codecReader.getVectorReader();
            if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                vectors = perField.getFieldReader(field);
            }
            if (vectors instanceof Pyramid1VectorsReader pyramid) {
                return pyramid;
            }
        }
        return null;
    }
}
