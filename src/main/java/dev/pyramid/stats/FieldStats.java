package dev.pyramid.stats;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.PyramidLevels;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The storage of one {@code pyramid_vector} field on one node: every shard copy the node holds counts, replicas
 * included, so a node's numbers are what that node maps and stores.
 *
 * <p>"Hot" bytes are what must stay in the page cache for searches to be fast: every coarse level plus the HNSW
 * graph. The float level is read only to rescore a few candidates per query, so it may stay on disk.
 *
 * <p>SciFact's 5,183 MiniLM vectors (384 dims, default pyramid) in one force-merged segment:
 * <pre>
 * {"shards": 1, "segments": 1, "vector_count": 5183,
 *  "levels": [{"level": 1, "encoding": "binary", "dims": 384, "off_heap_bytes": 331712, "disk_bytes": 332569,
 *              "bytes_per_vector": 64.0},
 *             {"level": 2, "encoding": "int4", "dims": 384, "off_heap_bytes": 1078064, "disk_bytes": 1078921,
 *              "bytes_per_vector": 208.0},
 *             {"level": 3, "encoding": "float", "dims": 384, "off_heap_bytes": 7961088, "disk_bytes": 7961088,
 *              "bytes_per_vector": 1536.0}],
 *  "graph_bytes": 165049, "hot_bytes": 1574825, "hot_bytes_per_vector": 303.84...}
 * </pre>
 */
public final class FieldStats implements Writeable, ToXContentObject {

    private final int shards;
    private final int segments;
    private final long vectorCount;
    private final List<LevelStats> levels;
    private final long graphBytes;

    public FieldStats(int shards, int segments, long vectorCount, List<LevelStats> levels, long graphBytes) {
        this.shards = shards;
        this.segments = segments;
        this.vectorCount = vectorCount;
        this.levels = List.copyOf(levels);
        this.graphBytes = graphBytes;
    }

    public FieldStats(StreamInput in) throws IOException {
        this.shards = in.readVInt();
        this.segments = in.readVInt();
        this.vectorCount = in.readVLong();
        this.levels = in.readList(LevelStats::readFrom);
        this.graphBytes = in.readVLong();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(shards);
        out.writeVInt(segments);
        out.writeVLong(vectorCount);
        out.writeList(levels);
        out.writeVLong(graphBytes);
    }

    /** Shard copies of the index on the node (primaries and replicas). */
    public int shards() {
        return shards;
    }

    /** Segments holding the field, over those shard copies. */
    public int segments() {
        return segments;
    }

    public long vectorCount() {
        return vectorCount;
    }

    /** Coarse to fine; level {@code n} is at index {@code n - 1}. */
    public List<LevelStats> levels() {
        return levels;
    }

    /** Off-heap bytes of the HNSW graph ({@code .vex}). */
    public long graphBytes() {
        return graphBytes;
    }

    /** Coarse levels and graph: what fast search needs in memory. */
    public long hotBytes() {
        long hot = graphBytes;
        for (LevelStats level : levels) {
            if (level.spec().encoding() != LevelEncoding.FLOAT) {
                hot += level.offHeapBytes();
            }
        }
        return hot;
    }

    public double bytesPerVector(long bytes) {
        return vectorCount == 0 ? 0 : (double) bytes / vectorCount;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("shards", shards);
        builder.field("segments", segments);
        builder.field("vector_count", vectorCount);
        builder.startArray("levels");
        for (LevelStats level : levels) {
            builder.startObject();
            builder.field("level", level.level());
            builder.field("encoding", level.spec().encoding().jsonName());
            builder.field("dims", level.spec().dims());
            builder.field("off_heap_bytes", level.offHeapBytes());
            builder.field("disk_bytes", level.diskBytes());
            builder.field("bytes_per_vector", bytesPerVector(level.offHeapBytes()));
            builder.endObject();
        }
        builder.endArray();
        builder.field("graph_bytes", graphBytes);
        builder.field("hot_bytes", hotBytes());
        builder.field("hot_bytes_per_vector", bytesPerVector(hotBytes()));
        return builder.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldStats other
            && shards == other.shards
            && segments == other.segments
            && vectorCount == other.vectorCount
            && graphBytes == other.graphBytes
            && levels.equals(other.levels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shards, segments, vectorCount, levels, graphBytes);
    }

    @Override
    public String toString() {
        return String.format(
            Locale.ROOT,
            "FieldStats{shards=%d, segments=%d, vectors=%d, levels=%s, graph=%d}",
            shards,
            segments,
            vectorCount,
            levels,
            graphBytes
        );
    }

    /** Sums a field's segments, shard copy by shard copy; the levels come from the mapping or the first segment. */
    static final class Builder {
        private final String field;
        private PyramidLevels pyramid;
        private final List<LevelStats> levels = new ArrayList<>();
        private int shards;
        private int segments;
        private long vectorCount;
        private long graphBytes;

        Builder(String field, PyramidLevels pyramid) {
            this.field = field;
            if (pyramid != null) {
                setPyramid(pyramid);
            }
        }

        void addShard() {
            shards++;
        }

        /**
         * Adds one segment of the field.
         *
         * @param offHeapBytes per level (index 0 = level 1)
         * @param diskBytes    per level (index 0 = level 1)
         */
        void addSegment(PyramidLevels segmentLevels, int count, long[] offHeapBytes, long[] diskBytes, long segmentGraphBytes) {
            if (pyramid == null) {
                setPyramid(segmentLevels);
            } else if (pyramid.equals(segmentLevels) == false) {
                // Levels are fixed when the field is mapped, so every segment of a field records the same pyramid.
                throw new IllegalStateException(
                    String.format(Locale.ROOT, "field [%s]: a segment records levels %s, expected %s", field, segmentLevels, pyramid)
                );
            }
            segments++;
            vectorCount += count;
            graphBytes += segmentGraphBytes;
            for (int i = 0; i < levels.size(); i++) {
                levels.set(i, levels.get(i).plus(offHeapBytes[i], diskBytes[i]));
            }
        }

        private void setPyramid(PyramidLevels levelsOfField) {
            pyramid = levelsOfField;
            for (int level = 1; level <= levelsOfField.size(); level++) {
                levels.add(new LevelStats(level, levelsOfField.level(level), 0, 0));
            }
        }

        FieldStats build() {
            return new FieldStats(shards, segments, vectorCount, levels, graphBytes);
        }
    }
}
