package dev.pyramid.bench;

import dev.pyramid.testing.SharedData;

import org.opensearch.test.OpenSearchTestCase;

/** Data sets by name: counts, the real SciFact files, and the quick subset's exact ground truth. */
public class BenchDatasetTests extends OpenSearchTestCase {

    public void testParsesCounts() {
        assertEquals(100_000, BenchDataset.parseCount("100k"));
        assertEquals(1_000_000, BenchDataset.parseCount("1M"));
        assertEquals(2500, BenchDataset.parseCount("2500"));
        expectThrows(IllegalArgumentException.class, () -> BenchDataset.parseCount("lots"));
        expectThrows(IllegalArgumentException.class, () -> BenchDataset.parseCount("0k"));
    }

    public void testRejectsUnknownNames() {
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> BenchDataset.resolve("sift", false, 10, SharedData.dir(), createTempDir())
        );
        assertTrue(e.getMessage(), e.getMessage().contains("unknown dataset [sift]"));
    }

    public void testScifactFullAndQuick() throws Exception {
        BenchDataset full = BenchDataset.resolve("scifact", false, Integer.MAX_VALUE, SharedData.dir(), createTempDir());
        assertFalse(full.synthetic());
        BenchDataset.Vectors all = full.read();
        assertEquals(45_952, all.base().length);
        assertEquals(300, all.queries().length);
        assertEquals(300, all.truth().length);

        BenchDataset quick = BenchDataset.resolve("scifact", true, 500, SharedData.dir(), createTempDir());
        BenchDataset.Vectors some = quick.read();
        assertEquals(BenchDataset.QUICK_BASE, some.base().length);
        assertEquals(BenchDataset.QUICK_QUERIES, some.queries().length);
        for (int q = 0; q < some.truth().length; q++) {
            for (int row : some.truth()[q]) {
                assertTrue("query " + q + " names row " + row + " outside the subset", row < BenchDataset.QUICK_BASE);
            }
        }
        // the quick truth is the full truth restricted to the subset, in the same order
        int[] restricted = java.util.Arrays.stream(all.truth()[0]).filter(row -> row < BenchDataset.QUICK_BASE).toArray();
        int[] head = java.util.Arrays.copyOf(some.truth()[0], restricted.length);
        assertArrayEquals(restricted, head);
        assertEquals("scifact (quick)", quick.describe(some).get("name"));
    }
}
