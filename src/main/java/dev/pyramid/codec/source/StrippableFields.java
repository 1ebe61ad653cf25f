package dev.pyramid.codec.source;

/**
 * Which top-level {@code _source} keys are {@code pyramid_vector} fields, and of what dimension: asked when a
 * document's stored fields are written, for the keys the document itself marks as holding its indexed vector
 * ({@link DerivedVectorsStoredFieldsFormat#VECTOR_KEYS_FIELD}); the answer comes from the mapping.
 */
@FunctionalInterface
public interface StrippableFields {

    /** What {@link #dimensionOf} answers for a key that is not a strippable field. */
    int NOT_STRIPPABLE = 0;

    /** No key is strippable: segments written this way keep every source as sent. */
    StrippableFields NONE = key -> NOT_STRIPPABLE;

    /** The dimension of the field the key names when it is strippable, else {@link #NOT_STRIPPABLE}. */
    int dimensionOf(String topLevelKey);
}
