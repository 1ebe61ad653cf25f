package dev.pyramid.hybrid;

import dev.pyramid.PyramidPlugin;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.opensearch.core.common.ParsingException;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.Uid;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.AbstractQueryTestCase;
import org.opensearch.test.TestGeoShapeFieldMapperPlugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.instanceOf;

/** The shard-level half of a multi-stage query: parsing, wire, equality, and the Lucene query's matches and scores. */
public class PyramidScoredIdsQueryBuilderTests extends AbstractQueryTestCase<PyramidScoredIdsQueryBuilder> {

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(PyramidPlugin.class, TestGeoShapeFieldMapperPlugin.class);
    }

    @Override
    protected PyramidScoredIdsQueryBuilder doCreateTestQueryBuilder() {
        List<PyramidScoredIdsQueryBuilder.ScoredId> docs = new ArrayList<>();
        int count = randomIntBetween(0, 5);
        for (int i = 0; i < count; i++) {
            String index = randomBoolean() ? getIndex().getName() : "other-" + randomAlphaOfLength(3);
            Explanation explanation = randomBoolean()
                ? null
                : Explanation.match(1.5f, "fused", Explanation.match(1f, "lexical"), Explanation.noMatch("dense: not retrieved"));
            docs.add(new PyramidScoredIdsQueryBuilder.ScoredId(index, "doc-" + i, randomFloat() * 10, explanation));
        }
        return new PyramidScoredIdsQueryBuilder(docs);
    }

    @Override
    protected void doAssertLuceneQuery(PyramidScoredIdsQueryBuilder builder, Query query, QueryShardContext context) {
        boolean anyHere = builder.docs().stream().anyMatch(d -> d.index().equals(context.index().getName()));
        assertThat(query, instanceOf(anyHere ? ScoredIdsQuery.class : MatchNoDocsQuery.class));
    }

    public void testScoresExplanationsAndDeletedDocuments() throws IOException {
        try (Directory directory = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                for (String id : List.of("a", "b", "c", "d")) {
                    Document doc = new Document();
                    doc.add(new StringField(IdFieldMapper.NAME, Uid.encodeId(id), Field.Store.NO));
                    writer.addDocument(doc);
                    if (id.equals("b")) {
                        writer.commit();
                    }
                }
                writer.deleteDocuments(new Term(IdFieldMapper.NAME, Uid.encodeId("d")));
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Map<org.apache.lucene.util.BytesRef, ScoredIdsQuery.Scored> byId = new HashMap<>();
                byId.put(Uid.encodeId("a"), new ScoredIdsQuery.Scored(0.25f, null));
                byId.put(Uid.encodeId("c"), new ScoredIdsQuery.Scored(0.75f, Explanation.match(0.75f, "rrf fusion")));
                byId.put(Uid.encodeId("d"), new ScoredIdsQuery.Scored(0.9f, null));
                byId.put(Uid.encodeId("missing"), new ScoredIdsQuery.Scored(1f, null));
                ScoredIdsQuery query = new ScoredIdsQuery(IdFieldMapper.NAME, byId);
                TopDocs top = searcher.search(query, 10);
                assertEquals("a and c; d is deleted, missing is not indexed", 2, top.totalHits.value());
                ScoreDoc[] hits = top.scoreDocs;
                assertEquals(0.75f, hits[0].score, 0f);
                assertEquals(0.25f, hits[1].score, 0f);
                assertEquals("rrf fusion", searcher.explain(query, hits[0].doc).getDescription());
                assertEquals("score given by the coordinating node", searcher.explain(query, hits[1].doc).getDescription());
                Explanation boosted = searcher.explain(new org.apache.lucene.search.BoostQuery(query, 2f), hits[0].doc);
                assertEquals(1.5f, boosted.getValue().floatValue(), 0f);
                assertEquals(searcher.search(new org.apache.lucene.search.BoostQuery(query, 2f), 1).scoreDocs[0].score, 1.5f, 0f);
                assertEquals(2, searcher.count(query));
            }
        }
    }

    public void testRejectsNegativeScores() {
        IllegalArgumentException e = expectThrows(
            IllegalArgumentException.class,
            () -> new PyramidScoredIdsQueryBuilder.ScoredId("idx", "1", -1f, null)
        );
        assertEquals("[pyramid_scored_ids] score must be a finite number >= 0, got [-1.0] for [idx][1]", e.getMessage());
        ParsingException parsing = expectThrows(
            ParsingException.class,
            () -> parseQuery("{\"pyramid_scored_ids\": {\"docs\": [{\"index\": \"i\", \"id\": \"1\", \"score\": 1, \"rank\": 2}]}}")
        );
        assertTrue(parsing.getMessage(), parsing.getMessage().contains("unknown field [rank]"));
    }
}
