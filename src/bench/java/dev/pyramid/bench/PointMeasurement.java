package dev.pyramid.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures one parameter point of a system on one index, the same way for every system: a warm-up, a timed pass with
 * one client whose answers give recall@k, a timed pass with N clients, and a separate profiled pass for the
 * server-side search time (profiling slows a search, so its timings never mix with the client's), with the system's
 * server counters around it. The floor (the same request shape matching nothing) is measured once per index.
 */
final class PointMeasurement {

    /** The fixed cost of a request: client timing with one client, and the server-side time of its profile. */
    record Floor(QueryPass.Timing client, double serverMillis) {}

    /** Profiled passes per point; see {@link #serverMillis(List)}. */
    static final int PROFILE_ROUNDS = 3;
    static final double SETTLED_CHANGE = 0.03;
    static final int MAX_SETTLE_ROUNDS = 6;
    private static final int SETTLE_PROBE_QUERIES = 100;

    private final BenchClient client;
    private final String path;
    private final int k;
    private final int clients;
    private final int warmupQueries;
    private final int profiledQueries;

    /**
     * @param warmupQueries   queries of the unmeasured warm-up before each point
     * @param profiledQueries queries of the profiled pass (the first ones; the profile's mean settles quickly)
     */
    PointMeasurement(BenchClient client, String path, int k, int clients, int warmupQueries, int profiledQueries) {
        this.client = client;
        this.path = path;
        this.k = k;
        this.clients = clients;
        this.warmupQueries = warmupQueries;
        this.profiledQueries = profiledQueries;
    }

    /**
     * Warms up round after round until the node has settled: each round runs the first warm-up queries of every point,
     * unmeasured, plain and profiled (profiled searches take code paths of their own: timers, the query's description),
     * until the first point's server time over its first queries changes by less than {@value #SETTLED_CHANGE} between
     * two rounds, at most {@value #MAX_SETTLE_ROUNDS} rounds. Warming up on the first point alone left the JIT
     * compiling while the first points were measured (Pyramid's defaults: 0.42 ms of server work against 0.21-0.24 ms
     * on a warm node), and after one round the same two points measured again 20 s later were 7-15% faster, which
     * favours whichever point the sweep measures later.
     *
     * @return the rounds it took
     */
    int settle(BenchSystem system, float[][] queries, List<SweepPoint> points) throws IOException {
        float[][] warmupVectors = Arrays.copyOf(queries, Math.min(queries.length, warmupQueries));
        List<List<String>> warmup = new ArrayList<>();
        for (SweepPoint point : points) {
            warmup.add(bodies(warmupVectors, q -> system.query(q, k, point), false));
            warmup.add(bodies(warmupVectors, q -> system.query(q, k, point), true));
        }
        SweepPoint first = points.get(0);
        List<String> probe = bodies(Arrays.copyOf(queries, Math.min(queries.length, SETTLE_PROBE_QUERIES)), q -> system.query(q, k, first), true);
        double previous = Double.NaN;
        for (int round = 1; round <= MAX_SETTLE_ROUNDS; round++) {
            for (List<String> bodies : warmup) {
                QueryPass.run(client, path, bodies, 1, false);
            }
            double millis = serverMillis(probe)[0];
            System.err.printf(Locale.ROOT, "warm-up round %d: %.3f ms server on [%s]%n", round, millis, first.label());
            if (Math.abs(millis - previous) < SETTLED_CHANGE * previous) {
                return round;
            }
            previous = millis;
        }
        return MAX_SETTLE_ROUNDS;
    }

    /** The floor, warmed up like every point (a cold floor measures the JIT, not the request path). */
    Floor floor(BenchSystem system, float[][] queries) throws IOException {
        List<String> floorBodies = bodies(queries, q -> system.matchNothingQuery(q, k), false);
        QueryPass.run(client, path, floorBodies, 1, false);
        QueryPass.Timing timing = QueryPass.run(client, path, floorBodies, 1, false).timing();
        double server = serverMillis(bodies(queries, q -> system.matchNothingQuery(q, k), true))[0];
        return new Floor(timing, server);
    }

    PointResult measure(
        BenchSystem system,
        VectorIndex.Loaded index,
        SweepPoint point,
        float[][] queries,
        int[][] truth,
        Floor floor,
        String run,
        BenchEnvironment environment,
        Map<String, Object> dataset
    ) throws IOException {
        List<String> searchBodies = bodies(queries, q -> system.query(q, k, point), false);
        QueryPass.run(client, path, searchBodies.subList(0, Math.min(warmupQueries, searchBodies.size())), 1, false);
        QueryPass.Result single = QueryPass.run(client, path, searchBodies, 1, true);
        double recall = GroundTruth.recall(truth, single.answers().stream().map(PointMeasurement::ids).toList(), k);
        List<QueryPass.Timing> timings = new ArrayList<>(List.of(single.timing()));
        if (clients > 1) {
            timings.add(QueryPass.run(client, path, searchBodies, clients, false).timing());
        }
        Map<String, Long> before = system.serverCounters(client);
        double[] server = serverMillis(bodies(queries, q -> system.query(q, k, point), true));
        Map<String, Long> after = system.serverCounters(client);
        Map<String, Long> counters = new LinkedHashMap<>();
        after.forEach((name, value) -> counters.put(name, value - before.getOrDefault(name, 0L)));
        return new PointResult(
            run,
            environment,
            dataset,
            system.name(),
            index,
            point,
            k,
            recall,
            timings,
            server[0],
            server[1],
            floor.client(),
            floor.serverMillis(),
            counters
        );
    }

    /**
     * Mean and median over queries of the server-side search time, from {@value #PROFILE_ROUNDS} profiled passes
     * (over the first profiled queries, one query at a time): each query counts with its least time over the rounds.
     * A query's work is the same in every round; what differs is what happened beside it on the node (a GC pause, a
     * JIT compilation, the OS), which only ever adds time. With one round the same point measured twice gave
     * 0.279 and 0.215 ms on SciFact.
     */
    double[] serverMillis(List<String> profiledBodies) throws IOException {
        return serverMillis(profiledBodies, PROFILE_ROUNDS);
    }

    /** {@link #serverMillis(List)} with {@code rounds} passes (1 where a repeat would find the data cached). */
    double[] serverMillis(List<String> profiledBodies, int rounds) throws IOException {
        double[] millis = new double[Math.min(profiledQueries, profiledBodies.size())];
        Arrays.fill(millis, Double.POSITIVE_INFINITY);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < millis.length; i++) {
                double searchMillis = ServerProfile.searchMillis(BenchClient.parse(client.raw("POST", path, profiledBodies.get(i))));
                millis[i] = Math.min(millis[i], searchMillis);
            }
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new double[] { Arrays.stream(millis).average().orElse(Double.NaN), sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] };
    }

    @SuppressWarnings("unchecked")
    static List<String> ids(String answer) {
        List<Object> hits = (List<Object>) BenchClient.path(BenchClient.parse(answer), "hits", "hits");
        return hits.stream().map(hit -> (String) ((Map<String, Object>) hit).get("_id")).toList();
    }

    @FunctionalInterface
    interface QueryClause {
        Map<String, Object> of(float[] vector) throws IOException;
    }

    /** Search bodies, serialised once: {@code size} k, no {@code _source} (fetching it is not what is measured). */
    List<String> bodies(float[][] queries, QueryClause clause, boolean profile) throws IOException {
        List<String> bodies = new ArrayList<>(queries.length);
        for (float[] query : queries) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("size", k);
            body.put("_source", false);
            if (profile) {
                body.put("profile", true);
            }
            body.put("query", clause.of(query));
            bodies.add(BenchClient.json(body));
        }
        return bodies;
    }
}
