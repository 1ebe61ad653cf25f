package dev.pyramid.codec.source;

import dev.pyramid.PyramidPlugin;
import dev.pyramid.codec.PyramidLucene103Codec;
import dev.pyramid.query.SpiPyramidQueryBuilder;
import dev.pyramid.testing.PyramidIndices;

import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DocumentStoredFieldVisitor;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.IOContext;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.mapper.SourceFieldMapper;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.InternalTestCluster;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.OpenSearchIntegTestCase.ClusterScope;
import org.opensearch.test.OpenSearchIntegTestCase.Scope;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;
import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertNoFailures;

/**
 * Derived source on a real two-node cluster: both copies of a shard store sources without the vectors, a replica
 * that recovers after missing writes (operations replayed from the primary's Lucene history, whose sources are read
 * through the restoring reader) holds every vector, and search hits carry them.
 */
@ClusterScope(scope = Scope.TEST, numDataNodes = 2)
public class DerivedSourceIntegTests extends OpenSearchIntegTestCase {

    private static final String INDEX = "derived";
    private static final String FIELD = "embedding";
    private static final int DIMENSION = 16;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(PyramidPlugin.class);
    }

    public void testBothCopiesStripAndARecoveredReplicaHasEveryVector() throws Exception {
        assertAcked(
            client().admin()
                .indices()
                .prepareCreate(INDEX)
                .setSettings(PyramidIndices.settings(1, 1))
                .setMapping(
                    "{\"properties\": {\"text\": {\"type\": \"text\"}, \"" + FIELD + "\": {\"type\": \"pyramid_vector\", \"dimension\": "
                        + DIMENSION + ", \"similarity\": \"cosine\"}}}"
                )
        );
        ensureGreen(INDEX);
        float[][] vectors = new float[150][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = randomUnitVector();
        }
        index(vectors, 0, 100);
        flushAndRefresh(INDEX);
        for (IndexShard copy : copies()) {
            assertStoredWithoutVectors(copy);
        }

        ShardRouting replica = clusterService().state().routingTable().index(INDEX).shard(0).replicaShards().get(0);
        String replicaNode = clusterService().state().nodes().get(replica.currentNodeId()).getName();
        internalCluster().restartNode(replicaNode, new InternalTestCluster.RestartCallback() {
            @Override
            public org.opensearch.common.settings.Settings onNodeStopped(String nodeName) throws Exception {
                index(vectors, 100, 150);
                return super.onNodeStopped(nodeName);
            }
        });
        ensureGreen(INDEX);
        refresh(INDEX);
        // The writes the replica missed came as operations, their sources read from the primary's segments.
        org.opensearch.indices.recovery.RecoveryState recovery = client().admin()
            .indices()
            .prepareRecoveries(INDEX)
            .get()
            .shardRecoveryStates()
            .get(INDEX)
            .stream()
            .filter(state -> state.getPrimary() == false)
            .findFirst()
            .orElseThrow();
        assertTrue(recovery.toString(), recovery.getTranslog().recoveredOperations() >= 50);

        for (IndexShard copy : copies()) {
            Map<String, float[]> read = readVectors(copy);
            assertEquals(vectors.length, read.size());
            for (int i = 0; i < vectors.length; i++) {
                assertArrayEquals("doc " + i + " on " + copy.routingEntry(), vectors[i], read.get(Integer.toString(i)), 1e-6f);
            }
        }

        int target = randomIntBetween(0, vectors.length - 1);
        SearchResponse response = client().prepareSearch(INDEX)
            .setQuery(new SpiPyramidQueryBuilder(FIELD, vectors[target], 1))
            .get();
        assertNoFailures(response);
        SearchHit hit = response.getHits().getAt(0);
        assertEquals(Integer.toString(target), hit.getId());
        assertArrayEquals(vectors[target], SourceValues.floats(hit.getSourceAsMap().get(FIELD)), 1e-6f);
    }

    private void index(float[][] vectors, int from, int to) throws IOException {
        BulkRequestBuilder bulk = client().prepareBulk(INDEX);
        for (int i = from; i < to; i++) {
            bulk.add(
                client().prepareIndex(INDEX)
                    .setId(Integer.toString(i))
                    .setSource(
                        org.opensearch.common.xcontent.XContentFactory.jsonBuilder()
                            .startObject()
                            .field("text", "document " + i)
                            .array(FIELD, vectors[i])
                            .endObject()
                    )
            );
        }
        assertNoFailures(bulk.get());
    }

    private List<IndexShard> copies() {
        ShardId shardId = new ShardId(resolveIndex(INDEX), 0);
        return java.util.stream.StreamSupport.stream(internalCluster().getDataNodeInstances(IndicesService.class).spliterator(), false)
            .map(indices -> indices.getShardOrNull(shardId))
            .filter(java.util.Objects::nonNull)
            .toList();
    }

    private static void assertStoredWithoutVectors(IndexShard copy) throws IOException {
        int stripped = 0;
        try (Engine.Searcher searcher = copy.acquireSearcher("test")) {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                SegmentReader segment = Lucene.segmentReader(leaf.reader());
                assertEquals(PyramidLucene103Codec.NAME, segment.getSegmentInfo().info.getCodec().getName());
                org.apache.lucene.index.SegmentInfo info = segment.getSegmentInfo().info;
                try (
                    org.apache.lucene.store.Directory files = info.getUseCompoundFile()
                        ? info.getCodec().compoundFormat().getCompoundReader(segment.directory(), info)
                        : new org.apache.lucene.store.FilterDirectory(segment.directory()) {
                            @Override
                            public void close() {}
                        };
                    StoredFieldsReader raw = new Lucene90StoredFieldsFormat().fieldsReader(files, info, segment.getFieldInfos(), IOContext.DEFAULT)
                ) {
                    for (int doc = 0; doc < segment.maxDoc(); doc++) {
                        DocumentStoredFieldVisitor visitor = new DocumentStoredFieldVisitor(SourceFieldMapper.NAME);
                        raw.document(doc, visitor);
                        String source = visitor.getDocument().getBinaryValue(SourceFieldMapper.NAME).utf8ToString();
                        assertTrue(copy.routingEntry() + ": " + source, source.contains("\"" + FIELD + "\":[]"));
                        stripped++;
                    }
                }
            }
        }
        assertEquals(100, stripped);
    }

    private static Map<String, float[]> readVectors(IndexShard copy) throws IOException {
        Map<String, float[]> vectors = new java.util.HashMap<>();
        try (Engine.Searcher searcher = copy.acquireSearcher("test")) {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                org.apache.lucene.index.StoredFields stored = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (leaf.reader().getLiveDocs() != null && leaf.reader().getLiveDocs().get(doc) == false) {
                        continue;
                    }
                    Document document = stored.document(doc);
                    Map<String, Object> source = XContentHelper.convertToMap(
                        new BytesArray(document.getBinaryValue(SourceFieldMapper.NAME)),
                        false,
                        XContentType.JSON
                    ).v2();
                    org.apache.lucene.util.BytesRef id = document.getBinaryValue("_id");
                    vectors.put(org.opensearch.index.mapper.Uid.decodeId(id.bytes, id.offset, id.length), SourceValues.floats(source.get(FIELD)));
                }
            }
        }
        return vectors;
    }

    private static float[] randomUnitVector() {
        double[] values = new double[DIMENSION];
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            values[i] = randomDoubleBetween(-1, 1, true);
            norm += values[i] * values[i];
        }
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) (values[i] / Math.sqrt(norm));
        }
        return vector;
    }
}
