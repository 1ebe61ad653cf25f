package dev.pyramid.calibration;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * How one {@link SearchConfig} did over all pseudo-queries, against their exact answers:
 *
 * <pre>
 * {"depth": "auto", "z": 1.5, "recall": 0.991, "same_as_full_precision": 0.93,
 *  "stopped_at_level": {"1": 0.12, "2": 0.70, "3": 0.18}, "candidates_scored": [143.2, 31.0, 12.4]}
 * </pre>
 *
 * {@code recall} is the mean recall@k, {@code same_as_full_precision} the share of queries whose top k equals the
 * exact top k, {@code stopped_at_level} the share of shard searches that stopped at each level, and
 * {@code candidates_scored} the mean per query (summed over shards) of candidates scored at each level.
 *
 * @param depth     0 for auto, else the forced depth
 * @param z         the controller's z for auto with calibration settings; NaN for defaults or a forced depth
 */
public record ConfigReport(int depth, float z, int queries, double recall, double sameAsFullPrecision, double[] stoppedAtLevel, double[] candidatesScored)
    implements
        Writeable,
        ToXContentObject {

    public ConfigReport(StreamInput in) throws IOException {
        this(in.readVInt(), in.readFloat(), in.readVInt(), in.readDouble(), in.readDouble(), in.readDoubleArray(), in.readDoubleArray());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeVInt(depth);
        out.writeFloat(z);
        out.writeVInt(queries);
        out.writeDouble(recall);
        out.writeDouble(sameAsFullPrecision);
        out.writeDoubleArray(stoppedAtLevel);
        out.writeDoubleArray(candidatesScored);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        if (depth == 0) {
            builder.field("depth", "auto");
        } else {
            builder.field("depth", depth);
        }
        if (Float.isNaN(z) == false) {
            builder.field("z", z);
        }
        builder.field("queries", queries);
        builder.field("recall", recall);
        builder.field("same_as_full_precision", sameAsFullPrecision);
        builder.startObject("stopped_at_level");
        for (int i = 0; i < stoppedAtLevel.length; i++) {
            builder.field(Integer.toString(i + 1), stoppedAtLevel[i]);
        }
        builder.endObject();
        builder.array("candidates_scored", candidatesScored);
        return builder.endObject();
    }

    /** Adds up one configuration's per-query outcomes into a {@link ConfigReport}. */
    public static final class Tally {
        private final SearchConfig config;
        private final int k;
        private int queries;
        private double recallSum;
        private int same;
        private final long[] stopped;
        private long shardSearches;
        private final double[] scored;

        public Tally(SearchConfig config, int k, int levels) {
            this.config = config;
            this.k = k;
            this.stopped = new long[levels];
            this.scored = new double[levels];
        }

        /**
         * Adds one query: its exact top k and this configuration's top k over all shards, and the shard results
         * behind them.
         */
        public void add(long[] exactTopK, long[] foundTopK, List<QueryMeasurement.Result> shardResults) {
            if (exactTopK.length == 0) {
                return; // nothing to find: the pseudo-query was the only vector
            }
            queries++;
            int common = ShardHits.overlap(foundTopK, exactTopK);
            recallSum += common / (double) Math.min(k, exactTopK.length);
            if (common == exactTopK.length && foundTopK.length == exactTopK.length) {
                same++;
            }
            for (QueryMeasurement.Result result : shardResults) {
                if (result.deepestLevel() > 0) {
                    stopped[result.deepestLevel() - 1]++;
                    shardSearches++;
                }
                for (int i = 0; i < Math.min(scored.length, result.scoredPerLevel().length); i++) {
                    scored[i] += result.scoredPerLevel()[i];
                }
            }
        }

        public ConfigReport report() {
            double[] stoppedShares = new double[stopped.length];
            double[] meanScored = new double[scored.length];
            for (int i = 0; i < stopped.length; i++) {
                stoppedShares[i] = shardSearches == 0 ? 0 : stopped[i] / (double) shardSearches;
                meanScored[i] = queries == 0 ? 0 : scored[i] / queries;
            }
            return new ConfigReport(
                config.depth(),
                config.isAuto() && config.settings() != null ? config.settings().z() : Float.NaN,
                queries,
                queries == 0 ? 0 : recallSum / queries,
                queries == 0 ? 0 : same / (double) queries,
                stoppedShares,
                meanScored
            );
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigReport other
            && depth == other.depth
            && Float.compare(z, other.z) == 0
            && queries == other.queries
            && recall == other.recall
            && sameAsFullPrecision == other.sameAsFullPrecision
            && Arrays.equals(stoppedAtLevel, other.stoppedAtLevel)
            && Arrays.equals(candidatesScored, other.candidatesScored);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] { depth, z, queries, recall, sameAsFullPrecision })
            + 31 * Arrays.hashCode(stoppedAtLevel)
            + Arrays.hashCode(candidatesScored);
    }
}
