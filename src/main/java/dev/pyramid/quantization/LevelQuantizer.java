package dev.pyramid.quantization;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.quantization.OptimizedScalarQuantizer;
import org.apache.lucene.util.quantization.OptimizedScalarQuantizer.QuantizationResult;

/**
 * Encodes vectors for one coarse level of a pyramid and estimates similarities from the codes.
 *
 * <p>Every coarse level uses Lucene's {@link OptimizedScalarQuantizer} (OSQ): a vector's first {@code dims}
 * components are centred on the segment's centroid and quantized to {@code b} bits on an interval
 * {@code [a, u]} optimised per vector, giving integer codes {@code x_i} in {@code [0, 2^b - 1]} and four
 * corrections: {@code a}, {@code u}, an additional term (the vector's dot product with the centroid, or its
 * squared centred norm for l2) and {@code Σ x_i}. With {@code Δx = (u_x - a_x) / (2^bx - 1)} the centred dot
 * product of a document {@code x} and a query {@code y} (quantized the same way, possibly at other bits) is
 * estimated as
 *
 * <pre>
 *   &lt;x - c, y - c&gt; ≈ a_x a_y d + a_y Δx Σx_i + a_x Δy Σy_i + Δx Δy Σ x_i y_i
 * </pre>
 *
 * the formula of Lucene's BBQ scorer generalised to any bit widths. The integer sum {@code Σ x_i y_i} is the only
 * per-dimension work, done by {@link VectorUtil}'s SIMD kernels:
 * <ul>
 *   <li>{@code binary}: 1-bit document codes packed 8 per byte, 4-bit query codes transposed into bit planes,
 *       {@link VectorUtil#int4BitDotProduct} (popcounts), as in RaBitQ / Lucene BBQ;</li>
 *   <li>{@code int4}: 4-bit codes packed two per byte, 4-bit query, {@link VectorUtil#int4DotProductPacked};</li>
 *   <li>{@code int8}: 7-bit codes in a byte (Lucene's int7 convention keeps signed-byte SIMD exact), 7-bit query,
 *       {@link VectorUtil#dotProduct(byte[], byte[])}.</li>
 * </ul>
 * A level with {@code dims} below the field's dimension encodes the prefix (Matryoshka): its estimate is the
 * prefix similarity, a ranking proxy for models trained that way.
 */
public final class LevelQuantizer implements Accountable {

    /** Bytes of corrections stored after each code: lower, upper, additional (floats) and the component sum. */
    public static final int CORRECTION_BYTES = 4 * Integer.BYTES;

    private static final long SHALLOW_SIZE = RamUsageEstimator.shallowSizeOfInstance(LevelQuantizer.class)
        + RamUsageEstimator.shallowSizeOfInstance(OptimizedScalarQuantizer.class);

    private final LevelSpec spec;
    private final VectorSimilarityFunction similarity;
    private final OptimizedScalarQuantizer quantizer;
    private final byte documentBits;
    private final byte queryBits;
    private final int paddedDims;
    private final int codeBytes;
    private final float[] centroid;
    private final float centroidDotProduct;

    /**
     * @param centroid the segment's centroid for the field (full dimension); the level keeps its prefix
     */
    public LevelQuantizer(LevelSpec spec, VectorSimilarityFunction similarity, float[] centroid) {
        if (spec.encoding() == LevelEncoding.FLOAT) {
            throw new IllegalArgumentException("the float level is not quantized");
        }
        this.spec = spec;
        this.similarity = similarity;
        // Cosine vectors arrive normalised; OSQ treats them as dot product (its cosine mode asserts unit length,
        // which a Matryoshka prefix does not have).
        this.quantizer = new OptimizedScalarQuantizer(
            similarity == VectorSimilarityFunction.COSINE ? VectorSimilarityFunction.DOT_PRODUCT : similarity
        );
        switch (spec.encoding()) {
            case BINARY -> {
                documentBits = 1;
                queryBits = 4;
                paddedDims = OptimizedScalarQuantizer.discretize(spec.dims(), 64);
                codeBytes = paddedDims / 8;
            }
            case INT4 -> {
                documentBits = 4;
                queryBits = 4;
                paddedDims = OptimizedScalarQuantizer.discretize(spec.dims(), 2);
                codeBytes = paddedDims / 2;
            }
            case INT8 -> {
                documentBits = 7;
                queryBits = 7;
                paddedDims = spec.dims();
                codeBytes = spec.dims();
            }
            default -> throw new AssertionError(spec.encoding());
        }
        this.centroid = new float[spec.dims()];
        System.arraycopy(centroid, 0, this.centroid, 0, spec.dims());
        this.centroidDotProduct = VectorUtil.dotProduct(this.centroid, this.centroid);
    }

    public LevelSpec spec() {
        return spec;
    }

    /** Bytes of code per vector, corrections excluded. */
    public int codeBytes() {
        return codeBytes;
    }

    /** Bytes per vector on disk: the code followed by {@link #CORRECTION_BYTES} of corrections. */
    public int strideBytes() {
        return codeBytes + CORRECTION_BYTES;
    }

    /** A scratch buffer for {@link #encodeDocument}; reuse it across calls on one thread. */
    public byte[] newScratch() {
        return new byte[paddedDims];
    }

    /**
     * Encodes a document vector's prefix.
     *
     * @param vector  the full vector (not modified)
     * @param scratch from {@link #newScratch()}
     * @param code    receives {@link #codeBytes()} bytes
     */
    public QuantizationResult encodeDocument(float[] vector, byte[] scratch, byte[] code) {
        float[] prefix = prefixCopy(vector);
        QuantizationResult result = quantizer.scalarQuantize(prefix, scratch, documentBits, centroid);
        switch (spec.encoding()) {
            case BINARY -> OptimizedScalarQuantizer.packAsBinary(scratch, code);
            case INT4 -> packNibbles(scratch, code);
            case INT8 -> System.arraycopy(scratch, 0, code, 0, codeBytes);
            default -> throw new AssertionError(spec.encoding());
        }
        return result;
    }

    /** A query encoded for this level: codes in the layout {@link #estimate} expects, and its corrections. */
    public record QueryCode(byte[] code, QuantizationResult corrections) {}

    public QueryCode encodeQuery(float[] query) {
        float[] prefix = prefixCopy(query);
        byte[] unpacked = new byte[paddedDims];
        QuantizationResult corrections = quantizer.scalarQuantize(prefix, unpacked, queryBits, centroid);
        if (spec.encoding() == LevelEncoding.BINARY) {
            byte[] transposed = new byte[queryBits * paddedDims / 8];
            OptimizedScalarQuantizer.transposeHalfByte(unpacked, transposed);
            return new QueryCode(transposed, corrections);
        }
        return new QueryCode(unpacked, corrections);
    }

    /**
     * Estimates the similarity score of a document from its code and corrections, on the same scale as Lucene's
     * score for the field's similarity function (so that coarse scores and full-precision scores are comparable).
     */
    public float estimate(QueryCode query, byte[] documentCode, float lower, float upper, float additional, int componentSum) {
        int codeDot = switch (spec.encoding()) {
            case BINARY -> (int) VectorUtil.int4BitDotProduct(query.code(), documentCode);
            case INT4 -> VectorUtil.int4DotProductPacked(query.code(), documentCode);
            case INT8 -> VectorUtil.dotProduct(query.code(), documentCode);
            default -> throw new AssertionError(spec.encoding());
        };
        QuantizationResult q = query.corrections();
        float ax = lower;
        float lx = (upper - lower) / ((1 << documentBits) - 1);
        float ay = q.lowerInterval();
        float ly = (q.upperInterval() - ay) / ((1 << queryBits) - 1);
        float centredDot = ax * ay * spec.dims() + ay * lx * componentSum + ax * ly * q.quantizedComponentSum() + lx * ly * codeDot;
        if (similarity == VectorSimilarityFunction.EUCLIDEAN) {
            // additional = squared norm of each centred vector: ||x - y||² = ||x-c||² + ||y-c||² - 2 <x-c, y-c>
            float squaredDistance = q.additionalCorrection() + additional - 2 * centredDot;
            return 1 / (1f + Math.max(squaredDistance, 0f));
        }
        // additional = <v, c>: <x, y> = <x-c, y-c> + <x, c> + <y, c> - <c, c>
        float dot = centredDot + q.additionalCorrection() + additional - centroidDotProduct;
        if (similarity == VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT) {
            return VectorUtil.scaleMaxInnerProductScore(dot);
        }
        return Math.max((1f + dot) / 2f, 0f);
    }

    private float[] prefixCopy(float[] vector) {
        float[] prefix = new float[spec.dims()];
        System.arraycopy(vector, 0, prefix, 0, spec.dims());
        return prefix;
    }

    /** This quantizer and its copy of the centroid's prefix; the spec and the similarity are shared constants. */
    @Override
    public long ramBytesUsed() {
        return SHALLOW_SIZE + RamUsageEstimator.sizeOf(centroid);
    }

    /** Packs 4-bit values two per byte in the layout {@link VectorUtil#int4DotProductPacked} reads. */
    static void packNibbles(byte[] unpacked, byte[] packed) {
        int half = packed.length;
        for (int i = 0; i < half; i++) {
            packed[i] = (byte) ((unpacked[i] << 4) | unpacked[half + i]);
        }
    }
}
