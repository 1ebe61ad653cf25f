package dev.pyramid.bench;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.testing.ExactSearch;
import dev.pyramid.testing.Fvecs;

import org.apache.lucene.util.VectorUtil;
import org.opensearch.test.OpenSearchTestCase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The synthetic data set: deterministic, nested across sizes, unit length, clustered; its ground truth exact. */
public class SyntheticDatasetTests extends OpenSearchTestCase {

    private static final SyntheticClusters.Shape SMALL = new SyntheticClusters.Shape(32, 16, 4, 0.6, 0.5, 0.8, 0.8, 7);

    public void testRowsAreDeterministicNestedAndUnitLength() {
        float[][] small = new SyntheticClusters(SMALL).base(100);
        float[][] large = new SyntheticClusters(SMALL).base(300);
        for (int row = 0; row < small.length; row++) {
            assertArrayEquals("row " + row, small[row], large[row], 0f);
            assertEquals(1.0, VectorUtil.dotProduct(small[row], small[row]), 1e-5);
        }
        float[][] queries = new SyntheticClusters(SMALL).queries(100);
        assertFalse("queries are a separate stream", Arrays.equals(queries[0], small[0]));
        float[][] otherSeed = new SyntheticClusters(new SyntheticClusters.Shape(32, 16, 4, 0.6, 0.5, 0.8, 0.8, 8)).base(1);
        assertFalse(Arrays.equals(otherSeed[0], small[0]));
    }

    /** Clustered: a row's nearest neighbour is far more similar than a random row (16 topics, 300 rows). */
    public void testRowsAreClustered() {
        float[][] base = new SyntheticClusters(SMALL).base(300);
        double nearest = 0;
        double all = 0;
        for (int i = 0; i < base.length; i++) {
            float best = -1;
            for (int j = 0; j < base.length; j++) {
                if (i != j) {
                    float dot = VectorUtil.dotProduct(base[i], base[j]);
                    best = Math.max(best, dot);
                    all += dot;
                }
            }
            nearest += best;
        }
        nearest /= base.length;
        all /= (double) base.length * (base.length - 1);
        assertTrue("nearest " + nearest + " vs mean " + all, nearest > all + 0.3);
    }

    public void testExactNeighborsMatchBruteForce() throws Exception {
        SyntheticClusters clusters = new SyntheticClusters(SMALL);
        float[][] base = clusters.base(2500);
        float[][] queries = clusters.queries(13);
        int[][] truth = ExactNeighbors.topK(queries, base, 20, 3);
        for (int q = 0; q < queries.length; q++) {
            int[] expected = ExactSearch.topK(VectorSimilarity.DOT_PRODUCT, queries[q], base, 20)
                .stream()
                .mapToInt(ExactSearch.Neighbor::ord)
                .toArray();
            assertArrayEquals("query " + q, expected, truth[q]);
        }
    }

    public void testTiesGoToTheLowerRow() throws Exception {
        float[][] base = { { 1, 0 }, { 0, 1 }, { 1, 0 }, { 1, 0 }, { 0.5f, 0 } };
        int[][] top = ExactNeighbors.topK(new float[][] { { 1, 0 } }, base, 3, 1);
        assertArrayEquals(new int[] { 0, 2, 3 }, top[0]);
        expectThrows(IllegalArgumentException.class, () -> ExactNeighbors.topK(new float[][] { { 1, 0 } }, base, 6, 1));
    }

    public void testMaterializeWritesReadableFilesOnce() throws Exception {
        Path dataDir = createTempDir();
        SyntheticDataset dataset = new SyntheticDataset(400, 7, SMALL);
        Path dir = dataset.materialize(dataDir);
        float[][] base = Fvecs.readFvecs(dataset.base(dataDir));
        float[][] queries = Fvecs.readFvecs(dataset.queries(dataDir));
        int[][] truth = Fvecs.readIvecs(dataset.groundTruth(dataDir));
        assertEquals(400, base.length);
        assertArrayEquals(new SyntheticClusters(SMALL).base(400)[399], base[399], 0f);
        assertEquals(7, queries.length);
        assertEquals(7, truth.length);
        assertEquals(SyntheticDataset.GROUND_TRUTH_K, truth[0].length);
        assertArrayEquals(ExactNeighbors.topK(queries, base, 100, 1)[3], truth[3]);
        String json = Files.readString(dir.resolve("dataset.json"));
        assertTrue(json, json.contains("\"synthetic\" : true"));

        long modified = Files.getLastModifiedTime(dataset.base(dataDir)).toMillis();
        assertEquals(dir, dataset.materialize(dataDir));
        assertEquals("reused, not rewritten", modified, Files.getLastModifiedTime(dataset.base(dataDir)).toMillis());
        assertFalse(Files.exists(dataDir.resolve(dataset.directoryName() + ".tmp")));
    }
}
