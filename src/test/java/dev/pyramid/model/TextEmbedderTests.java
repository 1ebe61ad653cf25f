package dev.pyramid.model;

import dev.pyramid.testing.Fvecs;
import dev.pyramid.testing.SciFactTexts;
import dev.pyramid.testing.SharedData;
import dev.pyramid.testing.ModelTestCase;
import dev.pyramid.testing.TestModels;

import org.apache.lucene.util.VectorUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The int8 all-MiniLM-L6-v2 from Maven Central, run through DJL and ONNX Runtime, against the fp32 reference vectors
 * of the shared SciFact data (made with sentence-transformers' mean pooling, L2-normalised, max 256 tokens). The int8
 * weights move the vectors a little, so each must have cosine >= {@value #MIN_COSINE} with its reference.
 */
public class TextEmbedderTests extends ModelTestCase {

    private static final double MIN_COSINE = 0.95;
    private static final int TEXTS = 24;
    /**
     * Same text alone and in a padded batch; see {@link #testOneTextAloneMatchesTheSameTextInABatch()}. Measured
     * here: down to 0.988 when a short claim shares a batch with 256-token abstracts.
     */
    private static final double MIN_BATCH_COSINE = 0.98;


    public void testAbstractsMatchReferenceVectors() throws Exception {
        // abstracts are long: many are truncated at 256 tokens, as the reference ones were
        assertMatchesReference(SciFactTexts.corpus(TEXTS), Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/corpus.fvecs"), TEXTS));
    }

    public void testQueriesMatchReferenceVectors() throws Exception {
        assertMatchesReference(
            SciFactTexts.queries(TEXTS),
            Fvecs.readFvecs(SharedData.path("scifact/vectors-all-minilm-l6-v2/queries.fvecs"), TEXTS)
        );
    }

    private void assertMatchesReference(List<String> texts, float[][] reference) {
        TextEmbedder embedder = testModels().embedder(TestModels.EMBEDDING);
        assertEquals(384, embedder.dimension());
        float[][] vectors = embedder.embed(texts);
        double min = 1, sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, Math.sqrt(VectorUtil.dotProduct(vectors[i], vectors[i])), 1e-4);
            double cosine = VectorUtil.cosine(vectors[i], reference[i]);
            min = Math.min(min, cosine);
            sum += cosine;
        }
        logger.info(String.format(Locale.ROOT, "cosine with fp32 reference over %d texts: min %.4f, mean %.4f", texts.size(), min, sum / texts.size()));
        assertThat(min, greaterThanOrEqualTo(MIN_COSINE));
    }

    /**
     * Batches pad to their longest text, and the attention mask keeps padding out of the pooled vectors. The vectors
     * are not bitwise equal though: this int8 model quantizes activations per tensor (DynamicQuantizeLinear), with
     * scales taken over the whole batch, padding included, so a text's vector moves a little with its batch.
     */
    public void testOneTextAloneMatchesTheSameTextInABatch() throws Exception {
        List<String> texts = SciFactTexts.corpus(6);
        texts.add(0, "A short claim.");
        TextEmbedder embedder = testModels().embedder(TestModels.EMBEDDING);
        float[][] batch = embedder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertSameDirection(embedder.embed(texts.get(i)), batch[i]);
        }
    }

    private static void assertSameDirection(float[] expected, float[] actual) {
        assertThat((double) VectorUtil.cosine(expected, actual), greaterThanOrEqualTo(MIN_BATCH_COSINE));
    }

    public void testConcurrentCallsGiveTheSameVectorsAsSequentialOnes() throws Exception {
        TextEmbedder embedder = testModels().embedder(TestModels.EMBEDDING);
        List<String> texts = SciFactTexts.queries(24);
        float[][] sequential = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            sequential[i] = embedder.embed(texts.get(i));
        }
        int threads = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                // each thread gets its own registry lookup and its own mix of single texts and batches
                Callable<float[][]> task = () -> {
                    float[][] out = new float[texts.size()][];
                    for (int i = 0; i < texts.size(); i++) {
                        int row = (i + offset * 7) % texts.size();
                        out[row] = testModels().embedder(TestModels.EMBEDDING).embed(texts.get(row));
                    }
                    return out;
                };
                results.add(executor.submit(task));
            }
            for (Future<float[][]> result : results) {
                float[][] vectors = result.get(5, TimeUnit.MINUTES);
                for (int i = 0; i < texts.size(); i++) {
                    assertArrayEquals(sequential[i], vectors[i], 1e-5f);
                }
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(1, TimeUnit.MINUTES));
        }
        assertEquals("one load for all threads", 1, testModels().loadCount(TestModels.EMBEDDING));
    }

    public void testBatchesLargerThanBatchSizeKeepOrder() throws Exception {
        TextEmbedder embedder = testModels().embedder(TestModels.EMBEDDING);
        List<String> texts = SciFactTexts.queries(ModelDescriptor.DEFAULT_BATCH_SIZE * 2 + 3);
        float[][] vectors = embedder.embed(texts);
        assertEquals(texts.size(), vectors.length);
        for (int i : new int[] { 0, ModelDescriptor.DEFAULT_BATCH_SIZE, texts.size() - 1 }) {
            assertSameDirection(embedder.embed(texts.get(i)), vectors[i]);
        }
    }
}
