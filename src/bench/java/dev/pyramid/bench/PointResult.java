package dev.pyramid.bench;

import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one system, index and parameter point: one JSON line of a run's {@code results.jsonl}.
 *
 * @param recall          mean recall@k against the ground truth
 * @param timings         client-side timing with 1 and with N clients
 * @param serverMillis    mean server-side search work per query (see {@link ServerProfile}), from a separate
 *                        profiled pass
 * @param floor           the same request shape matching nothing: client timing (1 client) and server work
 * @param counters        the system's server counters over the profiled pass (e.g. shard searches by level)
 */
record PointResult(
    String run,
    BenchEnvironment environment,
    Map<String, Object> dataset,
    String system,
    VectorIndex.Loaded index,
    SweepPoint point,
    int k,
    double recall,
    List<QueryPass.Timing> timings,
    double serverMillis,
    double serverMillisP50,
    QueryPass.Timing floor,
    double floorServerMillis,
    Map<String, Long> counters
) implements ToXContentObject {

    /** The timing with {@code clients} clients, or null. */
    QueryPass.Timing timing(int clients) {
        return timings.stream().filter(t -> t.clients() == clients).findFirst().orElse(null);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("type", "point");
        builder.field("run", run);
        builder.field("environment", environment);
        builder.field("dataset", dataset);
        builder.field("system", system);
        builder.startObject("index")
            .field("name", index.name())
            .field("shards", index.shards())
            .field("docs", index.docs())
            .field("segments", index.segments())
            .field("store_bytes", index.storeBytes())
            .field("load_seconds", index.loadSeconds())
            .field("force_merge_seconds", index.mergeSeconds())
            .endObject();
        builder.field("params", point.params());
        builder.field("label", point.label());
        builder.field("k", k);
        builder.field("recall", recall);
        builder.startArray("clients");
        for (QueryPass.Timing timing : timings) {
            timing(builder, timing);
        }
        builder.endArray();
        builder.startObject("server").field("search_ms_mean", serverMillis).field("search_ms_p50", serverMillisP50).endObject();
        builder.startObject("floor");
        builder.field("client");
        timing(builder, floor);
        builder.field("server_search_ms_mean", floorServerMillis);
        builder.endObject();
        builder.field("server_counters", counters);
        return builder.endObject();
    }

    private static void timing(XContentBuilder builder, QueryPass.Timing timing) throws IOException {
        builder.startObject()
            .field("clients", timing.clients())
            .field("requests", timing.requests())
            .field("seconds", timing.seconds())
            .field("qps", timing.qps())
            .field("p50_ms", timing.p50Millis())
            .field("p95_ms", timing.p95Millis())
            .field("p99_ms", timing.p99Millis())
            .endObject();
    }
}
