package dev.pyramid.testing;

import dev.pyramid.settings.PyramidSettings;

import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.index.engine.EngineConfig;
import org.opensearch.transport.client.Client;

import java.io.IOException;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;

/** Pyramid indices for internal-cluster tests: their settings, and vectors loaded in refreshed batches. */
public final class PyramidIndices {

    private PyramidIndices() {}

    /**
     * A pyramid index's settings, with the codec set explicitly: the test cluster would otherwise pick a random one,
     * which bypasses the plugin's.
     */
    public static Settings settings(int shards, int replicas) {
        return Settings.builder()
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, shards)
            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, replicas)
            .put(EngineConfig.INDEX_CODEC_SETTING.getKey(), "default")
            .put(PyramidSettings.ENABLED.getKey(), true)
            .build();
    }

    /**
     * Indexes {@code vectors[i]} into {@code field} as document {@code i}, in {@code batches} bulk requests each
     * followed by a refresh, so that shards get several segments.
     */
    public static void indexVectors(Client client, String index, String field, float[][] vectors, int batches) throws IOException {
        int batchSize = (vectors.length + batches - 1) / batches;
        for (int start = 0; start < vectors.length; start += batchSize) {
            BulkRequestBuilder bulk = client.prepareBulk();
            for (int ord = start; ord < Math.min(vectors.length, start + batchSize); ord++) {
                bulk.add(
                    client.prepareIndex(index)
                        .setId(Integer.toString(ord))
                        .setSource(XContentFactory.jsonBuilder().startObject().array(field, vectors[ord]).endObject())
                );
            }
            assertNoFailures(bulk.get());
            client.admin().indices().prepareRefresh(index).get();
        }
    }
}
