package dev.pyramid.bench.lucene;

import dev.pyramid.codec.pyramid1.PyramidSearchStrategy;
import dev.pyramid.controller.ControllerSettings;
import dev.pyramid.codec.pyramid1.SearchPlan;
import dev.pyramid.codec.pyramid1.SearchTrace;
import dev.pyramid.query.PyramidKnnQuery;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pyramid search as {@code spi_pyramid} runs it inside a shard: {@link PyramidKnnQuery} with a {@link SearchPlan}
 * of one oversample factor and a depth ({@code auto} = the adaptive controller with its uncalibrated defaults, or
 * {@code full} = every level with the plan's fixed windows). No trace is attached to the timed query.
 *
 * @param oversample one factor, or one per coarse level (see {@link SearchPlan})
 * @param controller the controller's settings, or null for the segment's uncalibrated defaults
 */
public record PyramidSetting(float[] oversample, int depth, int k, ControllerSettings controller) implements SearchSetting {

    /** One oversample factor for every coarse level, the controller's defaults. */
    public PyramidSetting(float oversample, int depth, int k) {
        this(new float[] { oversample }, depth, k, null);
    }

    @Override
    public String label() {
        String factors = oversample.length == 1 ? Float.toString(oversample[0]) : Arrays.toString(oversample).replace(" ", "");
        String z = controller == null ? "" : " z=" + controller.z() + (Float.isNaN(controller.traversalSlack()) ? "" : " slack=" + controller.traversalSlack());
        return "o=" + factors + " depth=" + depthName() + z;
    }

    private String depthName() {
        return depth == SearchPlan.DEPTH_AUTO ? "auto" : depth == Integer.MAX_VALUE ? "full" : Integer.toString(depth);
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("oversample", oversample.length == 1 ? (Object) oversample[0] : oversample);
        parameters.put("depth", depthName());
        if (controller != null) {
            parameters.put("controller_z", controller.z());
            parameters.put("controller_level_errors", controller.levelErrors());
            parameters.put("controller_traversal_slack", controller.traversalSlack());
        }
        return parameters;
    }

    private SearchPlan plan() {
        return new SearchPlan(depth, oversample);
    }

    @Override
    public Query query(String field, float[] target) {
        return new PyramidKnnQuery(field, target, k, null, new PyramidSearchStrategy(plan(), controller, null), null);
    }

    /** Per level: candidates scored there (level 1: graph nodes visited), and the level the search stopped at. */
    @Override
    public Map<String, Long> work(IndexSearcher searcher, String field, float[] target, int k) throws IOException {
        SearchTrace trace = new SearchTrace();
        searcher.search(new PyramidKnnQuery(field, target, k, null, new PyramidSearchStrategy(plan(), controller, trace), null), k);
        Map<String, Long> work = new LinkedHashMap<>();
        long stoppedAt = 0;
        for (SearchTrace.LeafTrace leaf : trace.leaves()) {
            for (SearchTrace.LevelTrace level : leaf.levels()) {
                work.merge(level.level() == 1 ? "visited" : "scored_level_" + level.level(), level.scored(), Long::sum);
            }
            stoppedAt = Math.max(stoppedAt, leaf.stoppedAtLevel());
        }
        work.put("stopped_at_level", stoppedAt);
        return work;
    }
}
