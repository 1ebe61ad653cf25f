package dev.pyramid.bench;

import org.apache.lucene.util.VectorUtil;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A deterministic, <b>synthetic</b> stand-in for sentence embeddings: unit vectors drawn from an anisotropic Gaussian
 * mixture, so that benchmarks can scale to millions of vectors without an embedding model. Every row depends only on
 * the parameters and its row number, so a set of {@code n} rows is the prefix of any larger set with the same
 * parameters (the scale curve compares nested sets), and rows can be made in parallel in any order.
 *
 * <p>The model, in a basis where coordinate {@code i} has spectral weight {@code λ_i} (a power law, as the PCA
 * spectrum of real text embeddings decays), with topics (centers) holding sub-topics:
 * <pre>
 *   λ_i = (i + 1)^(-α) / sqrt(Σ_j (j + 1)^(-2α))                     (so Σ λ_i² = 1)
 *   μ = m · u,                                 u a random unit vector (the common direction of all embeddings)
 *   center c_j = λ ⊙ g_j,                      g_j ~ N(0, I)          (j = 0 .. centers - 1)
 *   sub-center c_jl = c_j + τ · λ ⊙ g_jl,      g_jl ~ N(0, I)         (l = 0 .. subcenters - 1)
 *   cluster weight w_j ∝ exp(0.5 · h_j),       h_j ~ N(0, 1)          (mildly unequal cluster sizes)
 *   row:  j ~ w, l ~ U{subcenters},   y = μ + c_jl + σ · s_j · (a_j ⊙ λ ⊙ z),   z ~ N(0, I)
 *         s_j ~ exp(0.25 · N(0, 1))            per-cluster spread
 *         a_j,i ~ U[0.5, 1.5]                  per-cluster, per-axis shape (anisotropic noise)
 *   x = R y / ||R y||                          R: a random rotation (QR of a Gaussian matrix), so that no axis of the
 *                                              stored vectors is special to a quantizer
 * </pre>
 * Base rows and query rows come from the same distribution with independent random streams.
 */
public final class SyntheticClusters {

    /** Bumped whenever the generated numbers change, so cached files made by an older version are not reused. */
    public static final int VERSION = 1;

    private static final long BASE_STREAM = 0x5EED_BA5EL;
    private static final long QUERY_STREAM = 0x5EED_0E11L;

    /**
     * The distribution's parameters.
     *
     * @param dims       vector dimension
     * @param centers    topics (mixture components)
     * @param subcenters sub-topics per topic
     * @param alpha      decay exponent α of the spectrum
     * @param meanNorm   length m of the common direction μ
     * @param tau        spread τ of sub-topics around their topic
     * @param sigma      spread σ of rows around their sub-topic
     * @param seed       everything derives from it
     */
    public record Shape(int dims, int centers, int subcenters, double alpha, double meanNorm, double tau, double sigma, long seed) {
        public Shape {
            if (dims <= 0 || centers <= 0 || subcenters <= 0 || sigma <= 0 || tau < 0 || meanNorm < 0) {
                throw new IllegalArgumentException("invalid synthetic shape " + this);
            }
        }
    }

    private final Shape shape;
    private final float[][] rotation;
    private final float[] spectrum;
    private final float[] mean;
    private final float[][] subcenters;
    private final float[][] axisShapes;
    private final float[] spreads;
    private final double[] cumulativeWeights;

    public SyntheticClusters(Shape shape) {
        this.shape = shape;
        int dims = shape.dims();
        SplittableRandom random = new SplittableRandom(shape.seed());
        this.rotation = randomRotation(dims, random.split());
        this.spectrum = new float[dims];
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            norm += Math.pow(i + 1, -2 * shape.alpha());
        }
        for (int i = 0; i < dims; i++) {
            spectrum[i] = (float) (Math.pow(i + 1, -shape.alpha()) / Math.sqrt(norm));
        }
        SplittableRandom meanRandom = random.split();
        this.mean = new float[dims];
        for (int i = 0; i < dims; i++) {
            mean[i] = (float) meanRandom.nextGaussian();
        }
        VectorUtil.l2normalize(mean);
        for (int i = 0; i < dims; i++) {
            mean[i] *= (float) shape.meanNorm();
        }
        SplittableRandom clusterRandom = random.split();
        int centers = shape.centers();
        this.subcenters = new float[centers * shape.subcenters()][dims];
        this.axisShapes = new float[centers][dims];
        this.spreads = new float[centers];
        this.cumulativeWeights = new double[centers];
        float[] center = new float[dims];
        double total = 0;
        for (int j = 0; j < centers; j++) {
            for (int i = 0; i < dims; i++) {
                center[i] = (float) (spectrum[i] * clusterRandom.nextGaussian());
                axisShapes[j][i] = (float) (0.5 + clusterRandom.nextDouble());
            }
            for (int l = 0; l < shape.subcenters(); l++) {
                float[] sub = subcenters[j * shape.subcenters() + l];
                for (int i = 0; i < dims; i++) {
                    sub[i] = mean[i] + center[i] + (float) (shape.tau() * spectrum[i] * clusterRandom.nextGaussian());
                }
            }
            spreads[j] = (float) Math.exp(0.25 * clusterRandom.nextGaussian());
            total += Math.exp(0.5 * clusterRandom.nextGaussian());
            cumulativeWeights[j] = total;
        }
        for (int j = 0; j < centers; j++) {
            cumulativeWeights[j] /= total;
        }
    }

    public Shape shape() {
        return shape;
    }

    /** Base rows {@code [0, n)}, made in parallel. */
    public float[][] base(int n) {
        return rows(BASE_STREAM, n);
    }

    /** Query rows {@code [0, n)}: same distribution as the base, independent of it. */
    public float[][] queries(int n) {
        return rows(QUERY_STREAM, n);
    }

    private float[][] rows(long stream, int n) {
        float[][] rows = new float[n][];
        IntStream.range(0, n).parallel().forEach(row -> rows[row] = row(stream, row));
        return rows;
    }

    /** One row: a function of the parameters, the stream and the row number only. */
    float[] row(long stream, long row) {
        int dims = shape.dims();
        SplittableRandom random = new SplittableRandom(mix(shape.seed() ^ stream, row));
        int cluster = Arrays.binarySearch(cumulativeWeights, random.nextDouble());
        cluster = Math.min(cluster < 0 ? -cluster - 1 : cluster, cumulativeWeights.length - 1);
        float[] sub = subcenters[cluster * shape.subcenters() + random.nextInt(shape.subcenters())];
        float[] axisShape = axisShapes[cluster];
        float scale = (float) shape.sigma() * spreads[cluster];
        float[] y = new float[dims];
        for (int i = 0; i < dims; i++) {
            y[i] = sub[i] + scale * axisShape[i] * spectrum[i] * (float) random.nextGaussian();
        }
        float[] x = new float[dims];
        for (int i = 0; i < dims; i++) {
            x[i] = VectorUtil.dotProduct(rotation[i], y);
        }
        return VectorUtil.l2normalize(x);
    }

    /** Stafford's mix13 of {@code a} and {@code b}: nearby row numbers get unrelated seeds. */
    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The Q of a Gaussian matrix's QR decomposition (modified Gram-Schmidt): a uniformly random rotation. */
    private static float[][] randomRotation(int dims, SplittableRandom random) {
        double[][] q = new double[dims][dims];
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j < dims; j++) {
                q[i][j] = random.nextGaussian();
            }
        }
        for (int i = 0; i < dims; i++) {
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < dims; j++) {
                    dot += q[i][j] * q[p][j];
                }
                for (int j = 0; j < dims; j++) {
                    q[i][j] -= dot * q[p][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < dims; j++) {
                norm += q[i][j] * q[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dims; j++) {
                q[i][j] /= norm;
            }
        }
        float[][] rotation = new float[dims][dims];
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j < dims; j++) {
                rotation[i][j] = (float) q[i][j];
            }
        }
        return rotation;
    }
}
