package dev.pyramid.codec.pyramid1;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.quantization.LevelQuantizer;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.quantization.OptimizedScalarQuantizer.QuantizationResult;

import java.io.IOException;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

/**
 * Checks that a segment's coarse codes are what its own full-precision vectors encode to, ordinal by ordinal: each
 * level's scores, read from the segment, must equal the estimates computed here by encoding the segment's float
 * vector of the same ordinal against the centroid the format's javadoc defines. A code written for the wrong
 * ordinal (a sorted flush, a merge with deletions) or from the wrong vector fails.
 */
final class CoarseCodeChecks {

    private CoarseCodeChecks() {}

    static void assertCodesEncodeVectors(LeafReader leaf, String field, float[] query) throws IOException {
        Pyramid1VectorsReader reader = PyramidSegments.reader(leaf, field);
        assertNotNull("field [" + field + "] is stored by Pyramid1", reader);
        Pyramid1LevelsReader levels = reader.levels();
        PyramidLevels pyramid = levels.levels(field);
        VectorSimilarityFunction similarity = leaf.getFieldInfos().fieldInfo(field).getVectorSimilarityFunction();
        FloatVectorValues vectors = leaf.getFloatVectorValues(field);
        assertEquals(vectors.size(), levels.vectorCount(field));
        if (vectors.size() == 0) {
            return;
        }
        float[] centroid = centroid(vectors, similarity);
        for (int level = 1; level < pyramid.size(); level++) {
            LevelQuantizer quantizer = new LevelQuantizer(pyramid.level(level), similarity, centroid);
            LevelQuantizer.QueryCode queryCode = quantizer.encodeQuery(prepare(query, similarity));
            RandomVectorScorer stored = levels.levelScorer(field, level, query);
            byte[] code = new byte[quantizer.codeBytes()];
            for (int ord = 0; ord < vectors.size(); ord++) {
                float[] vector = prepare(vectors.vectorValue(ord), similarity);
                QuantizationResult c = quantizer.encodeDocument(vector, quantizer.newScratch(), code);
                float expected = quantizer.estimate(
                    queryCode,
                    code,
                    c.lowerInterval(),
                    c.upperInterval(),
                    c.additionalCorrection(),
                    c.quantizedComponentSum()
                );
                // a few ulps apart at most: the segment's scorer evaluates the same formula in another operation
                // order (seen: 0.8852553 vs 0.88525534); a code of the wrong ordinal or vector is off by far more
                float tolerance = 1e-5f * Math.max(1f, Math.abs(expected));
                assertEquals("field [" + field + "] level " + level + " ordinal " + ord, expected, stored.score(ord), tolerance);
            }
        }
    }

    /** The mean of the segment's vectors (each L2-normalised first for cosine), L2-normalised for cosine. */
    private static float[] centroid(FloatVectorValues vectors, VectorSimilarityFunction similarity) throws IOException {
        double[] sums = new double[vectors.dimension()];
        for (int ord = 0; ord < vectors.size(); ord++) {
            float[] prepared = prepare(vectors.vectorValue(ord), similarity);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += prepared[i];
            }
        }
        float[] centroid = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            centroid[i] = (float) (sums[i] / vectors.size());
        }
        if (similarity == VectorSimilarityFunction.COSINE && VectorUtil.dotProduct(centroid, centroid) > 0) {
            VectorUtil.l2normalize(centroid);
        }
        return centroid;
    }

    private static float[] prepare(float[] vector, VectorSimilarityFunction similarity) {
        float[] copy = vector.clone();
        return similarity == VectorSimilarityFunction.COSINE ? VectorUtil.l2normalize(copy, false) : copy;
    }
}
