package dev.pyramid.stats;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.PyramidLevels;

import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.test.AbstractWireSerializingTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

public class FieldStatsTests extends AbstractWireSerializingTestCase<FieldStats> {

    static FieldStats randomFieldStats() {
        int dimension = randomIntBetween(1, 4096);
        List<LevelSpec> specs = new ArrayList<>();
        LevelEncoding[] coarse = { LevelEncoding.BINARY, LevelEncoding.INT4, LevelEncoding.INT8 };
        int first = randomIntBetween(0, coarse.length);
        for (int i = first; i < coarse.length; i++) {
            if (randomBoolean()) {
                specs.add(new LevelSpec(dimension, coarse[i]));
            }
        }
        specs.add(new LevelSpec(dimension, LevelEncoding.FLOAT));
        PyramidLevels pyramid = PyramidLevels.of(specs, dimension);
        List<LevelStats> levels = new ArrayList<>();
        for (int level = 1; level <= pyramid.size(); level++) {
            long offHeap = randomLongBetween(0, Long.MAX_VALUE / 16);
            levels.add(new LevelStats(level, pyramid.level(level), offHeap, offHeap + randomLongBetween(0, 10_000)));
        }
        return new FieldStats(
            randomIntBetween(0, 100),
            randomIntBetween(0, 1000),
            randomLongBetween(0, Integer.MAX_VALUE),
            levels,
            randomLongBetween(0, Long.MAX_VALUE / 16)
        );
    }

    @Override
    protected FieldStats createTestInstance() {
        return randomFieldStats();
    }

    @Override
    protected Writeable.Reader<FieldStats> instanceReader() {
        return FieldStats::new;
    }

    @Override
    protected FieldStats mutateInstance(FieldStats instance) {
        List<LevelStats> levels = new ArrayList<>(instance.levels());
        return switch (randomIntBetween(0, 4)) {
            case 0 -> new FieldStats(instance.shards() + 1, instance.segments(), instance.vectorCount(), levels, instance.graphBytes());
            case 1 -> new FieldStats(instance.shards(), instance.segments() + 1, instance.vectorCount(), levels, instance.graphBytes());
            case 2 -> new FieldStats(instance.shards(), instance.segments(), instance.vectorCount() + 1, levels, instance.graphBytes());
            case 3 -> new FieldStats(instance.shards(), instance.segments(), instance.vectorCount(), levels, instance.graphBytes() + 1);
            default -> {
                int i = randomIntBetween(0, levels.size() - 1);
                levels.set(i, levels.get(i).plus(0, 1));
                yield new FieldStats(instance.shards(), instance.segments(), instance.vectorCount(), levels, instance.graphBytes());
            }
        };
    }

    /** 1,000 vectors of 384 dimensions in the default pyramid; the numbers are those of the format (see package-info). */
    public void testJsonAndDerivedBytes() throws IOException {
        List<LevelStats> levels = List.of(
            new LevelStats(1, new LevelSpec(384, LevelEncoding.BINARY), 64_000, 64_700),
            new LevelStats(2, new LevelSpec(384, LevelEncoding.INT4), 208_000, 208_700),
            new LevelStats(3, new LevelSpec(384, LevelEncoding.FLOAT), 1_536_000, 1_536_000)
        );
        FieldStats stats = new FieldStats(2, 5, 1000, levels, 40_500);
        assertEquals(312_500, stats.hotBytes());
        assertEquals(312.5, stats.bytesPerVector(stats.hotBytes()), 0);
        String json = stats.toXContent(XContentFactory.jsonBuilder(), ToXContent.EMPTY_PARAMS).toString();
        assertEquals(
            "{\"shards\":2,\"segments\":5,\"vector_count\":1000,\"levels\":["
                + "{\"level\":1,\"encoding\":\"binary\",\"dims\":384,\"off_heap_bytes\":64000,\"disk_bytes\":64700,"
                + "\"bytes_per_vector\":64.0},"
                + "{\"level\":2,\"encoding\":\"int4\",\"dims\":384,\"off_heap_bytes\":208000,\"disk_bytes\":208700,"
                + "\"bytes_per_vector\":208.0},"
                + "{\"level\":3,\"encoding\":\"float\",\"dims\":384,\"off_heap_bytes\":1536000,\"disk_bytes\":1536000,"
                + "\"bytes_per_vector\":1536.0}],"
                + "\"graph_bytes\":40500,\"hot_bytes\":312500,\"hot_bytes_per_vector\":312.5}",
            json
        );
    }

    public void testNoVectorsGivesZeroPerVector() {
        FieldStats stats = new FieldStats(1, 0, 0, List.of(new LevelStats(1, new LevelSpec(4, LevelEncoding.FLOAT), 0, 0)), 0);
        assertEquals(0.0, stats.bytesPerVector(stats.hotBytes()), 0);
    }

    public void testBuilderSumsSegmentsAndRefusesAnotherPyramid() {
        PyramidLevels pyramid = PyramidLevels.defaultFor(8);
        FieldStats.Builder builder = new FieldStats.Builder("v", pyramid);
        builder.addShard();
        builder.addSegment(pyramid, 3, new long[] { 72, 60, 96 }, new long[] { 80, 68, 96 }, 10);
        builder.addSegment(pyramid, 1, new long[] { 24, 20, 32 }, new long[] { 30, 26, 32 }, 2);
        FieldStats stats = builder.build();
        assertEquals(1, stats.shards());
        assertEquals(2, stats.segments());
        assertEquals(4, stats.vectorCount());
        assertEquals(12, stats.graphBytes());
        assertEquals(List.of(96L, 80L, 128L), stats.levels().stream().map(LevelStats::offHeapBytes).toList());
        assertEquals(List.of(110L, 94L, 128L), stats.levels().stream().map(LevelStats::diskBytes).toList());

        PyramidLevels other = PyramidLevels.of(List.of(new LevelSpec(8, LevelEncoding.INT8), new LevelSpec(8, LevelEncoding.FLOAT)), 8);
        IllegalStateException e = expectThrows(
            IllegalStateException.class,
            () -> builder.addSegment(other, 1, new long[2], new long[2], 0)
        );
        assertEquals("field [v]: a segment records levels [int8@8, float@8], expected [binary@8, int4@8, float@8]", e.getMessage());
    }
}
