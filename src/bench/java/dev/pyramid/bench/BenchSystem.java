package dev.pyramid.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A vector search configuration to benchmark: how its index is made, how it is queried, and which parameters to
 * sweep. Everything else (loading, timing, recall, profiles, output) is the tool's and the same for every system, so
 * that systems compare on equal terms. A system is named on the command line ({@code --systems}, see
 * {@link BenchSystems}).
 */
interface BenchSystem {

    /** The name in results and plots, e.g. {@code pyramid}. */
    String name();

    /** Plugins the node needs for this system, by {@link BenchNode} name ({@code pyramid}, {@code knn}). */
    List<String> plugins();

    /** Index settings besides shards and replicas, e.g. {@code index.pyramid.enabled: true}. */
    Map<String, Object> indexSettings();

    /** The mapping of the vector field {@link #FIELD} for vectors of {@code dims} dimensions. */
    Map<String, Object> fieldMapping(int dims);

    /** The query clause finding the {@code k} nearest neighbours of {@code vector} with {@code point}'s parameters. */
    Map<String, Object> query(float[] vector, int k, SweepPoint point);

    /**
     * The same request shape as {@link #query} (the vector is parsed the same way) but matching no document: it
     * measures a request's fixed cost, the floor under every latency.
     */
    Map<String, Object> matchNothingQuery(float[] vector, int k);

    /** The parameter points to measure, in order. */
    List<SweepPoint> sweep(int k);

    /**
     * Per-level or other server counters the system keeps, read before and after a measured pass; the tool reports
     * their difference. Empty when the system has none.
     */
    default Map<String, Long> serverCounters(BenchClient client) throws IOException {
        return Map.of();
    }

    /**
     * An optional second round after the sweep: the system adapts itself to the loaded index (e.g. Pyramid's
     * calibration API) and names the points to measure again afterwards. Null when the system has none or it is off.
     */
    default Tuning tune(BenchClient client, String index, int k) throws IOException {
        return null;
    }

    /**
     * What a {@link #tune} did.
     *
     * @param record what to keep in the results (e.g. the calibration's response)
     * @param points the points to measure after tuning
     */
    record Tuning(Map<String, Object> record, List<SweepPoint> points) {}

    /** The vector field's name in every system's index. */
    String FIELD = "embedding";
}
