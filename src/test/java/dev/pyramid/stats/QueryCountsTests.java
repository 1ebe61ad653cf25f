package dev.pyramid.stats;

import dev.pyramid.quantization.PyramidLevels;

import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.test.AbstractWireSerializingTestCase;

import java.io.IOException;

public class QueryCountsTests extends AbstractWireSerializingTestCase<QueryCounts> {

    static QueryCounts randomQueryCounts() {
        long[] levels = new long[PyramidLevels.MAX_LEVELS];
        long total = 0;
        for (int i = 0; i < levels.length; i++) {
            levels[i] = randomLongBetween(0, 1_000_000);
            total += levels[i];
        }
        return new QueryCounts(total, levels);
    }

    @Override
    protected QueryCounts createTestInstance() {
        return randomQueryCounts();
    }

    @Override
    protected Writeable.Reader<QueryCounts> instanceReader() {
        return QueryCounts::new;
    }

    @Override
    protected QueryCounts mutateInstance(QueryCounts instance) {
        long[] levels = new long[instance.levels()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = instance.stoppedAtLevel(i + 1);
        }
        int changed = randomIntBetween(0, levels.length - 1);
        levels[changed]++;
        return new QueryCounts(instance.total() + 1, levels);
    }

    public void testJson() throws IOException {
        QueryCounts counts = new QueryCounts(6, new long[] { 1, 2, 3, 0 });
        String json = counts.toXContent(XContentFactory.jsonBuilder(), ToXContent.EMPTY_PARAMS).toString();
        assertEquals("{\"total\":6,\"stopped_at_level\":{\"1\":1,\"2\":2,\"3\":3,\"4\":0}}", json);
    }

    public void testRecordQuery() {
        PyramidQueryStats stats = new PyramidQueryStats();
        assertEquals(new QueryCounts(0, new long[4]), stats.snapshot());
        stats.recordQuery(1);
        stats.recordQuery(3);
        stats.recordQuery(3);
        stats.recordQuery(4);
        assertEquals(new QueryCounts(4, new long[] { 1, 0, 2, 1 }), stats.snapshot());
    }

    public void testRecordQueryRejectsLevelsOutsidePyramid() {
        PyramidQueryStats stats = new PyramidQueryStats();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> stats.recordQuery(0));
        assertEquals("a query stops at a level in [1, 4], got [0]", e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> stats.recordQuery(5));
        assertEquals("a query stops at a level in [1, 4], got [5]", e.getMessage());
        assertEquals(0, stats.snapshot().total());
    }

    public void testConcurrentRecordingLosesNothing() throws InterruptedException {
        PyramidQueryStats stats = new PyramidQueryStats();
        int threads = 4;
        int perThread = 10_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int level = t + 1;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    stats.recordQuery(level);
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(new QueryCounts(threads * perThread, new long[] { perThread, perThread, perThread, perThread }), stats.snapshot());
    }
}
