package dev.pyramid.codec.source;

import java.util.List;

/** Vectors as they come out of a parsed {@code _source} map: a list of numbers. */
final class SourceValues {

    private SourceValues() {}

    static float[] floats(Object list) {
        List<?> values = (List<?>) list;
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = ((Number) values.get(i)).floatValue();
        }
        return floats;
    }
}
