package dev.pyramid.stats;

import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * The bytes of one level of a field, summed over the segments of the shard copies on a node.
 *
 * @param level        1-based, coarse to fine
 * @param spec         the level's dimensions and encoding
 * @param offHeapBytes what the level maps off-heap: a coarse level's codes and corrections, the float level's
 *                     vectors
 * @param diskBytes    what the level takes on disk: {@code offHeapBytes}, plus for coarse levels a share of the
 *                     level files' metadata, headers, padding and footers (see {@link SegmentStatsReader})
 */
public record LevelStats(int level, LevelSpec spec, long offHeapBytes, long diskBytes) implements Writeable {

    public LevelStats {
        if (level < 1) {
            throw new IllegalArgumentException("level must be >= 1, got [" + level + "]");
        }
        if (spec == null) {
            throw new IllegalArgumentException("level [" + level + "] needs a spec");
        }
    }

    /** The encoding travels by wire number, as in segments, never by ordinal. */
    public static LevelStats readFrom(StreamInput in) throws IOException {
        int level = in.readVInt();
        int dims = in.readVInt();
        LevelEncoding encoding = LevelEncoding.fromWireNumber(in.readVInt());
        return new LevelStats(level, new LevelSpec(dims, encoding), in.readVLong(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(level);
        out.writeVInt(spec.dims());
        out.writeVInt(spec.encoding().wireNumber());
        out.writeVLong(offHeapBytes);
        out.writeVLong(diskBytes);
    }

    LevelStats plus(long moreOffHeapBytes, long moreDiskBytes) {
        return new LevelStats(level, spec, offHeapBytes + moreOffHeapBytes, diskBytes + moreDiskBytes);
    }
}
