package dev.pyramid.codec.source;

import java.io.IOException;

/** The full-precision vector of one document for a top-level source key, read from the segment. */
@FunctionalInterface
interface SourceVectorLookup {

    /** The vector the document has in the field named {@code key}, or {@code null} when it has none. */
    float[] vector(String key) throws IOException;
}
