package dev.pyramid.stats;

import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.test.AbstractWireSerializingTestCase;

import java.util.HashMap;
import java.util.Map;

public class NodeStatsTests extends AbstractWireSerializingTestCase<NodeStats> {

    static NodeStats randomNodeStats() {
        Map<String, Map<String, FieldStats>> indices = new HashMap<>();
        int indexCount = randomIntBetween(0, 3);
        for (int i = 0; i < indexCount; i++) {
            Map<String, FieldStats> fields = new HashMap<>();
            int fieldCount = randomIntBetween(1, 3);
            for (int f = 0; f < fieldCount; f++) {
                fields.put(randomAlphaOfLength(3) + "." + f, FieldStatsTests.randomFieldStats());
            }
            indices.put("index-" + i, fields);
        }
        return new NodeStats(indices, QueryCountsTests.randomQueryCounts());
    }

    @Override
    protected NodeStats createTestInstance() {
        return randomNodeStats();
    }

    @Override
    protected Writeable.Reader<NodeStats> instanceReader() {
        return NodeStats::new;
    }

    @Override
    protected NodeStats mutateInstance(NodeStats instance) {
        Map<String, Map<String, FieldStats>> indices = new HashMap<>(instance.indices());
        if (randomBoolean()) {
            indices.put("another-index", Map.of("embedding", FieldStatsTests.randomFieldStats()));
            return new NodeStats(indices, instance.queries());
        }
        QueryCounts queries = instance.queries();
        long[] levels = new long[queries.levels()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = queries.stoppedAtLevel(i + 1);
        }
        levels[0]++;
        return new NodeStats(indices, new QueryCounts(queries.total() + 1, levels));
    }
}
