package dev.pyramid.stats;

import dev.pyramid.quantization.PyramidLevels;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's {@code spi_pyramid} query counters: how many queries ran, and at which level each one stopped. One
 * instance per node, created by the plugin and handed to the searches that record into it and to the stats action
 * that reports it; {@link LongAdder}s keep concurrent searches from contending on one counter.
 */
public final class PyramidQueryStats {

    private final LongAdder[] stoppedAtLevel = new LongAdder[PyramidLevels.MAX_LEVELS];

    public PyramidQueryStats() {
        for (int i = 0; i < stoppedAtLevel.length; i++) {
            stoppedAtLevel[i] = new LongAdder();
        }
    }

    /**
     * Counts one query on one shard that stopped at {@code stoppedAtLevel}: 1 for the coarsest level, up to the
     * field's level count when it went down to full precision.
     */
    public void recordQuery(int stoppedAtLevel) {
        if (stoppedAtLevel < 1 || stoppedAtLevel > this.stoppedAtLevel.length) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "a query stops at a level in [1, %d], got [%d]", this.stoppedAtLevel.length, stoppedAtLevel)
            );
        }
        this.stoppedAtLevel[stoppedAtLevel - 1].increment();
    }

    /** The counts so far. Concurrent recordings may land on either side of the snapshot, never half in it. */
    public QueryCounts snapshot() {
        long[] levels = new long[stoppedAtLevel.length];
        long sum = 0;
        for (int i = 0; i < levels.length; i++) {
            levels[i] = stoppedAtLevel[i].sum();
            sum += levels[i];
        }
        // Every query stops at exactly one level, so the total is their sum and always agrees with it.
        return new QueryCounts(sum, levels);
    }
}
