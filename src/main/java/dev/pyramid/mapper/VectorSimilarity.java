package dev.pyramid.mapper;

import org.apache.lucene.index.VectorSimilarityFunction;

import java.util.Arrays;
import java.util.Locale;

/**
 * The similarity of a {@code pyramid_vector} field and the score a hit gets. Scores follow the k-NN plugin's
 * Lucene-engine conventions so that users can switch between the two without re-tuning score thresholds:
 * <ul>
 *   <li>{@code cosine}: {@code (1 + cos(q, v)) / 2}, in [0, 1]. Vectors are L2-normalised at index time (the
 *       original stays in {@code _source}), so Lucene scores them with a dot product. Zero vectors are rejected.</li>
 *   <li>{@code dot_product}: {@code 1 + q·v} when {@code q·v >= 0}, else {@code 1 / (1 - q·v)}, Lucene's
 *       {@code MAXIMUM_INNER_PRODUCT} scaling (k-NN's {@code innerproduct}); vectors need not be unit length.</li>
 *   <li>{@code l2}: {@code 1 / (1 + ||q - v||²)}, k-NN's {@code l2}.</li>
 * </ul>
 */
public enum VectorSimilarity {
    COSINE("cosine", VectorSimilarityFunction.DOT_PRODUCT, true),
    DOT_PRODUCT("dot_product", VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, false),
    L2("l2", VectorSimilarityFunction.EUCLIDEAN, false);

    private final String jsonName;
    private final VectorSimilarityFunction luceneFunction;
    private final boolean normalizes;

    VectorSimilarity(String jsonName, VectorSimilarityFunction luceneFunction, boolean normalizes) {
        this.jsonName = jsonName;
        this.luceneFunction = luceneFunction;
        this.normalizes = normalizes;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The Lucene function the stored (possibly normalised) vectors are compared with. */
    public VectorSimilarityFunction luceneFunction() {
        return luceneFunction;
    }

    /** Whether vectors (indexed and query) are L2-normalised before use. */
    public boolean normalizes() {
        return normalizes;
    }

    public static VectorSimilarity fromJsonName(String name) {
        for (VectorSimilarity similarity : values()) {
            if (similarity.jsonName.equals(name)) {
                return similarity;
            }
        }
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "unknown similarity [%s], expected one of %s", name, Arrays.toString(jsonNames()))
        );
    }

    public static String[] jsonNames() {
        return Arrays.stream(values()).map(VectorSimilarity::jsonName).toArray(String[]::new);
    }

    /**
     * How far from 1 a vector's squared length may be for {@link #indexesAsSent} to count it as already unit length:
     * below float32 rounding of typical embedding models' normalised output, so the indexed copy differs from the
     * sent values by a few parts in a million at most.
     */
    public static final double UNIT_LENGTH_TOLERANCE = 1e-5;

    /**
     * Whether the indexed copy of {@code vector} ({@link #prepare}) is the vector as sent, up to float32 rounding:
     * always, unless this similarity normalises a vector that is not already of unit length. Derived source gives
     * a vector back from the index only then.
     */
    public boolean indexesAsSent(float[] vector) {
        if (normalizes == false) {
            return true;
        }
        double squaredNorm = 0;
        for (float v : vector) {
            squaredNorm += (double) v * v;
        }
        return Math.abs(squaredNorm - 1) <= UNIT_LENGTH_TOLERANCE;
    }

    /**
     * Checks a vector against this similarity and returns the form that is indexed or searched: a normalised copy
     * for {@code cosine}, the vector itself otherwise.
     *
     * @param what names the vector in error messages, e.g. {@code "field [embedding]"}
     */
    public float[] prepare(float[] vector, String what) {
        if (normalizes == false) {
            return vector;
        }
        double squaredNorm = 0;
        for (float v : vector) {
            squaredNorm += (double) v * v;
        }
        if (squaredNorm == 0 || Double.isFinite(squaredNorm) == false) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "%s uses [cosine] similarity, which is undefined for a zero-magnitude vector", what)
            );
        }
        float inverseNorm = (float) (1.0 / Math.sqrt(squaredNorm));
        float[] normalized = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            normalized[i] = vector[i] * inverseNorm;
        }
        return normalized;
    }
}
