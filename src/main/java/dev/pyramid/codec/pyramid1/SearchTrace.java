package dev.pyramid.codec.pyramid1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one query's coarse-to-fine search did, segment by segment: per level the candidates it took in and passed on,
 * the graph nodes it visited, its time, and the controller's decision. Segments are searched concurrently, so
 * segments add their {@link LeafTrace} to a concurrent queue; everything else is written by one thread.
 */
public final class SearchTrace {

    private final Queue<LeafTrace> leaves = new ConcurrentLinkedQueue<>();

    LeafTrace newLeaf(Pyramid1LevelsReader segment, String field) {
        LeafTrace leaf = new LeafTrace(segment, field);
        leaves.add(leaf);
        return leaf;
    }

    public List<LeafTrace> leaves() {
        return List.copyOf(leaves);
    }

    /** The deepest level any segment ran, 0 if no segment was searched this way. */
    public int deepestLevel() {
        int deepest = 0;
        for (LeafTrace leaf : leaves) {
            deepest = Math.max(deepest, leaf.stoppedAtLevel);
        }
        return deepest;
    }

    /** One line per segment, for profile output. */
    public String summary() {
        List<String> lines = new ArrayList<>();
        for (LeafTrace leaf : leaves) {
            lines.add(leaf.toString());
        }
        return String.join("; ", lines);
    }

    /** One segment's search. */
    public static final class LeafTrace {
        final Pyramid1LevelsReader segment;
        final String field;
        final List<LevelTrace> levels = new ArrayList<>();
        /**
         * Per final hit (segment doc id): its score at each level, coarse to fine, NaN for levels the search skipped;
         * the last (full precision) is the returned score.
         */
        final Map<Integer, float[]> hitScores = new java.util.HashMap<>();
        /** The level whose scores chose the returned hits (the controller's stop, or the forced depth). */
        int stoppedAtLevel;
        /** True for {@code depth: auto} (the controller chose where to stop), false for a forced depth. */
        boolean adaptive;
        boolean fellBackToExact;

        LeafTrace(Pyramid1LevelsReader segment, String field) {
            this.segment = segment;
            this.field = field;
        }

        public Pyramid1LevelsReader segment() {
            return segment;
        }

        public List<LevelTrace> levels() {
            return Collections.unmodifiableList(levels);
        }

        public int stoppedAtLevel() {
            return stoppedAtLevel;
        }

        public boolean adaptive() {
            return adaptive;
        }

        public boolean fellBackToExact() {
            return fellBackToExact;
        }

        /** A final hit's score at each level (NaN where skipped; the last is the returned score), or null if not a hit here. */
        public float[] hitScores(int segmentDoc) {
            return hitScores.get(segmentDoc);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("segment[");
            for (int i = 0; i < levels.size(); i++) {
                if (i > 0) {
                    out.append(" -> ");
                }
                out.append(levels.get(i));
            }
            if (fellBackToExact) {
                out.append(" -> visit limit reached, exact search");
            }
            return out.append(", stopped at level ").append(stoppedAtLevel).append(']').toString();
        }
    }

    /**
     * @param level      1-based level
     * @param encoding   the level's encoding
     * @param scored     candidates scored at this level (graph nodes visited, for level 1)
     * @param kept       candidates passed on (or returned, at the last level run)
     * @param nanos      time spent at this level
     * @param decision   the controller's reason, or the fixed plan's
     */
    public record LevelTrace(int level, String encoding, long scored, int kept, long nanos, String decision) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "L%d %s scored=%d kept=%d %.3fms (%s)", level, encoding, scored, kept, nanos / 1e6, decision);
        }
    }
}
