package dev.pyramid.testing;

import dev.pyramid.mapper.VectorSimilarity;
import dev.pyramid.testing.ExactSearch.Neighbor;

import org.opensearch.test.OpenSearchTestCase;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The test data readers and the brute-force reference, checked by hand and against the data's own ground truth. */
public class ExactSearchTests extends OpenSearchTestCase {

    private static final String VECTORS = "scifact/vectors-all-minilm-l6-v2/";

    public void testDocumentedScores() {
        float[] q = { 1, 0 };
        assertEquals(0.5, ExactSearch.score(VectorSimilarity.COSINE, q, new float[] { 0, 3 }), 0);
        assertEquals(0.0, ExactSearch.score(VectorSimilarity.COSINE, q, new float[] { -2, 0 }), 0);
        assertEquals(1.0, ExactSearch.score(VectorSimilarity.DOT_PRODUCT, q, new float[] { 0, 1 }), 0);
        assertEquals(3.0, ExactSearch.score(VectorSimilarity.DOT_PRODUCT, q, new float[] { 2, 0 }), 0);
        assertEquals(1.0 / 3, ExactSearch.score(VectorSimilarity.DOT_PRODUCT, q, new float[] { -2, 0 }), 1e-15);
        assertEquals(1.0 / 3, ExactSearch.score(VectorSimilarity.L2, q, new float[] { 0, 1 }), 1e-15);
        assertEquals(0.1, ExactSearch.score(VectorSimilarity.L2, q, new float[] { -2, 0 }), 1e-15);
    }

    public void testTopKOrdersByScoreThenOrdinalAndFilters() {
        float[][] docs = { { 0, 1 }, { 1, 0 }, { 1, 0 }, { -1, 0 }, { 1, 1 } };
        float[] q = { 1, 0 };
        List<Neighbor> top = ExactSearch.topK(VectorSimilarity.DOT_PRODUCT, q, docs, 3);
        assertEquals(List.of(1, 2, 4), top.stream().map(Neighbor::ord).toList());
        List<Neighbor> filtered = ExactSearch.topK(VectorSimilarity.DOT_PRODUCT, q, docs, 10, ord -> ord % 2 == 0);
        assertEquals(List.of(2, 4, 0), filtered.stream().map(Neighbor::ord).toList());
    }

    /** The ground truth file holds the exact top 100 by inner product; the vectors are unit length, so cosine agrees. */
    public void testMatchesShippedGroundTruth() throws IOException {
        float[][] corpus = Fvecs.readFvecs(SharedData.path(VECTORS + "corpus.fvecs"));
        float[][] queries = Fvecs.readFvecs(SharedData.path(VECTORS + "test_queries.fvecs"), 10);
        int[][] groundTruth = Fvecs.readIvecs(SharedData.path(VECTORS + "test_queries.gt100.corpus.ivecs"), 10);
        assertEquals(5183, corpus.length);
        assertEquals(384, corpus[0].length);
        assertEquals(10, queries.length);
        assertEquals(10, groundTruth.length);
        for (int q = 0; q < queries.length; q++) {
            List<Neighbor> top = ExactSearch.topK(VectorSimilarity.COSINE, queries[q], corpus, 100);
            assertEquals(100, groundTruth[q].length);
            for (int rank = 0; rank < 100; rank++) {
                double expected = ExactSearch.score(VectorSimilarity.COSINE, queries[q], corpus[groundTruth[q][rank]]);
                assertEquals("query " + q + " rank " + rank, expected, top.get(rank).score(), 1e-6);
            }
        }
    }

    public void testReadsRowsAndRejectsBadFiles() throws IOException {
        Path dir = createTempDir();
        Path good = write(dir.resolve("good.fvecs"), 2, 3, 2, 2, 0, 0, 2, 7, 8);
        float[][] rows = Fvecs.readFvecs(good);
        assertEquals(3, rows.length);
        assertArrayEquals(new float[] { 7, 8 }, rows[2], 0);
        assertEquals(1, Fvecs.readFvecs(good, 1).length);
        assertEquals(0, Fvecs.readFvecs(good, 0).length);
        assertEquals(0, Fvecs.readFvecs(write(dir.resolve("empty.fvecs"))).length);

        Path ints = dir.resolve("good.ivecs");
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putInt(-5).putInt(9);
        Files.write(ints, buffer.array());
        assertArrayEquals(new int[] { -5, 9 }, Fvecs.readIvecs(ints)[0]);

        expectThrows(EOFException.class, () -> Fvecs.readFvecs(write(dir.resolve("truncated.fvecs"), 2, 3, 2, 2, 0)));
        IOException mixed = expectThrows(IOException.class, () -> Fvecs.readFvecs(write(dir.resolve("mixed.fvecs"), 2, 1, 2, 3, 1, 4)));
        assertTrue(mixed.getMessage(), mixed.getMessage().contains("row [1] has dimension [3]"));
    }

    /** Writes rows given flat as {@code dim, v1, .., v_dim, dim, ...}; a short last row makes a truncated file. */
    private static Path write(Path path, float... flat) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < flat.length) {
            int dim = (int) flat[i++];
            buffer.putInt(dim);
            for (int j = 0; j < dim && i < flat.length; j++) {
                buffer.putFloat(flat[i++]);
            }
        }
        Files.write(path, buffer.array());
        return path;
    }
}
