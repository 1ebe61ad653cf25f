package dev.pyramid.codec.source;

/**
 * Which top-level {@code _source} keys hold a vector that the segment keeps at full precision, and so may be left
 * out of the stored source. Asked when a document's stored fields are written; the answer comes from the mapping.
 */
@FunctionalInterface
public interface StrippableFields {

    /**
     * How far from 1 a vector's squared length may be for a normalising field to count it as already unit length:
     * below float32 rounding of typical embedding models' normalised output, so the values given back differ from
     * the sent ones by a few parts in a million at most.
     */
    double UNIT_LENGTH_TOLERANCE = 1e-5;

    /** No key is strippable: segments written this way keep every source as sent. */
    StrippableFields NONE = key -> null;

    /** Whether {@code vector} is of unit length within {@link #UNIT_LENGTH_TOLERANCE}. */
    static boolean isUnitLength(float[] vector) {
        double squaredNorm = 0;
        for (float v : vector) {
            squaredNorm += (double) v * v;
        }
        return Math.abs(squaredNorm - 1) <= UNIT_LENGTH_TOLERANCE;
    }

    /**
     * What an indexed vector of a field looks like in the source.
     *
     * @param unitLength whether to check here that the array is of unit length (which means decoding its numbers);
     *     false when the document's vector keys already say so
     */
    record VectorShape(int dimension, boolean unitLength) {}

    /** The shape of the vector the key holds when it is a strippable field, or {@code null}. */
    VectorShape shapeOf(String topLevelKey);
}
