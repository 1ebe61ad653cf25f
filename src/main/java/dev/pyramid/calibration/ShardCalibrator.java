package dev.pyramid.calibration;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1LevelsReader;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;
import dev.pyramid.codec.pyramid1.PyramidSearchStrategy;
import dev.pyramid.codec.pyramid1.SearchTrace;
import dev.pyramid.mapper.PyramidVectorFieldMapper;
import dev.pyramid.mapper.PyramidVectorFieldType;
import dev.pyramid.query.PyramidKnnQuery;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.opensearch.common.CheckedFunction;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.fieldvisitor.IdOnlyFieldVisitor;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.Uid;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * Calibration's work on one shard, on one searcher (so that doc ids stay comparable): drawing pseudo-queries from the
 * stored vectors, and measuring each pseudo-query's exact answer, the level errors near it and what each
 * {@link SearchConfig} returns.
 */
final class ShardCalibrator {

    /** By score, ties by doc id (Lucene's order). */
    private static final Comparator<ScoreDoc> BEST_FIRST = Comparator.comparingDouble((ScoreDoc d) -> -d.score)
        .thenComparingInt(d -> d.doc);

    private final IndexSearcher searcher;
    private final String field;
    private final PyramidVectorFieldType fieldType;

    ShardCalibrator(IndexSearcher searcher, String field, PyramidVectorFieldType fieldType) {
        this.searcher = searcher;
        this.field = field;
        this.fieldType = fieldType;
    }

    /**
     * Runs {@code work} on a searcher of the local copy of {@code shardId}, after checking that {@code field} is a
     * {@code pyramid_vector} field with coarse levels to calibrate.
     */
    static <T> T onShard(IndicesService indices, ShardId shardId, String field, CheckedFunction<ShardCalibrator, T, IOException> work)
        throws IOException {
        IndexShard shard = indices.indexServiceSafe(shardId.getIndex()).getShard(shardId.id());
        MappedFieldType mapped = shard.mapperService().fieldType(field);
        String index = shardId.getIndexName();
        if (mapped == null) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[calibrate] field [%s] does not exist in the mapping of index [%s]", field, index)
            );
        }
        if (mapped instanceof PyramidVectorFieldType == false) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[calibrate] field [%s] of index [%s] is of type [%s], but calibration needs a field of type [%s]",
                    field,
                    index,
                    mapped.typeName(),
                    PyramidVectorFieldMapper.CONTENT_TYPE
                )
            );
        }
        PyramidVectorFieldType fieldType = (PyramidVectorFieldType) mapped;
        if (fieldType.levels().size() < 2) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[calibrate] field [%s] of index [%s] has a single level: there is no depth for the controller to choose",
                    field,
                    index
                )
            );
        }
        try (Engine.Searcher searcher = shard.acquireSearcher("pyramid_calibrate")) {
            return work.apply(new ShardCalibrator(searcher, field, fieldType));
        }
    }

    int levelCount() {
        return fieldType.levels().size();
    }

    /**
     * The {@code size} live vectors of this shard with the smallest keys, where a vector's key is a seeded hash of its
     * contents. Taking the smallest keys of every shard and then the smallest overall is a uniform random sample of
     * the index (bottom-k sampling) that depends only on the seed and the vectors, not on shards or segments.
     */
    List<SampledVector> sample(long seed, int size) throws IOException {
        record Drawn(long key, int doc, float[] vector) {}
        PriorityQueue<Drawn> largestKeyFirst = new PriorityQueue<>(Comparator.comparingLong(Drawn::key).reversed());
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
            if (values == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && live.get(doc) == false) {
                    continue;
                }
                float[] vector = values.vectorValue(it.index());
                long key = key(seed, vector);
                if (largestKeyFirst.size() < size) {
                    largestKeyFirst.add(new Drawn(key, leaf.docBase + doc, vector.clone()));
                } else if (key < largestKeyFirst.peek().key()) {
                    largestKeyFirst.poll();
                    largestKeyFirst.add(new Drawn(key, leaf.docBase + doc, vector.clone()));
                }
            }
        }
        List<SampledVector> sample = new ArrayList<>(largestKeyFirst.size());
        IdOnlyFieldVisitor idVisitor = new IdOnlyFieldVisitor();
        for (Drawn drawn : largestKeyFirst) {
            idVisitor.reset();
            searcher.storedFields().document(drawn.doc(), idVisitor);
            sample.add(new SampledVector(drawn.key(), idVisitor.getId(), drawn.vector()));
        }
        sample.sort(SampledVector.SAMPLING_ORDER);
        return sample;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014) chained over the float bits: a seeded hash of a vector. */
    static long key(long seed, float[] vector) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (float x : vector) {
            h = mix(h ^ Float.floatToIntBits(x));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Measures one pseudo-query with its own document excluded (a real query is not in the index): the exact top k of
     * the shard, the level errors of each segment's exact top k (into {@code errors}), and each configuration's
     * answer, searched as {@code spi_pyramid} would.
     */
    QueryMeasurement measure(SampledVector query, int k, List<SearchConfig> configs, LevelErrors errors) throws IOException {
        float[] target = fieldType.similarity().prepare(query.vector(), String.format(Locale.ROOT, "calibration query on field [%s]", field));
        int selfDoc = selfDoc(query.id());
        ShardHits exact = exactTopK(target, k, selfDoc, errors);
        Query excludeSelf = selfDoc < 0
            ? null
            : new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
                .add(idQuery(query.id()), BooleanClause.Occur.MUST_NOT)
                .build();
        List<QueryMeasurement.Result> results = new ArrayList<>(configs.size());
        for (SearchConfig config : configs) {
            SearchTrace trace = new SearchTrace();
            PyramidSearchStrategy strategy = new PyramidSearchStrategy(config.plan(), config.settings(), trace);
            TopDocs top = searcher.search(new PyramidKnnQuery(field, target, k, excludeSelf, strategy, null), k);
            results.add(new QueryMeasurement.Result(hits(top), trace.deepestLevel(), scoredPerLevel(trace)));
        }
        return new QueryMeasurement(exact, results);
    }

    private static Query idQuery(String id) {
        return new TermQuery(new Term(IdFieldMapper.NAME, Uid.encodeId(id)));
    }

    private int selfDoc(String id) throws IOException {
        TopDocs self = searcher.search(idQuery(id), 1);
        return self.scoreDocs.length == 0 ? -1 : self.scoreDocs[0].doc;
    }

    /**
     * Brute force at full precision, segment by segment. Each segment's exact top k are the candidates whose order the
     * controller must get right there, so they are also where the coarse levels' errors are measured: per segment, one
     * {@link LevelErrors} group per coarse level.
     */
    private ShardHits exactTopK(float[] target, int k, int excludedDoc, LevelErrors errors) throws IOException {
        List<ScoreDoc> shardTop = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Pyramid1VectorsReader reader = PyramidSegments.reader(leaf.reader(), field);
            if (reader == null || reader.levels().vectorCount(field) == 0) {
                continue;
            }
            Pyramid1LevelsReader levels = reader.levels();
            RandomVectorScorer exact = levels.fullPrecisionScorer(field, target);
            Bits live = leaf.reader().getLiveDocs();
            PriorityQueue<ScoreDoc> worstFirst = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
            for (int ord = 0; ord < exact.maxOrd(); ord++) {
                int doc = exact.ordToDoc(ord);
                if ((live != null && live.get(doc) == false) || leaf.docBase + doc == excludedDoc) {
                    continue;
                }
                worstFirst.add(new ScoreDoc(ord, exact.score(ord)));
                if (worstFirst.size() > k) {
                    worstFirst.poll();
                }
            }
            List<ScoreDoc> segmentTop = new ArrayList<>(worstFirst);
            int coarseLevels = levels.levels(field).size() - 1;
            for (int level = 1; level <= coarseLevels; level++) {
                RandomVectorScorer estimate = levels.levelScorer(field, level, target);
                double[] differences = new double[segmentTop.size()];
                for (int i = 0; i < differences.length; i++) {
                    differences[i] = estimate.score(segmentTop.get(i).doc) - segmentTop.get(i).score;
                }
                errors.addGroup(level, differences);
            }
            for (ScoreDoc hit : segmentTop) {
                shardTop.add(new ScoreDoc(leaf.docBase + exact.ordToDoc(hit.doc), hit.score));
            }
        }
        shardTop.sort(BEST_FIRST);
        return hits(shardTop.subList(0, Math.min(k, shardTop.size())).toArray(new ScoreDoc[0]));
    }

    private static ShardHits hits(TopDocs top) {
        return hits(top.scoreDocs);
    }

    private static ShardHits hits(ScoreDoc[] scoreDocs) {
        int[] docs = new int[scoreDocs.length];
        float[] scores = new float[scoreDocs.length];
        for (int i = 0; i < scoreDocs.length; i++) {
            docs[i] = scoreDocs[i].doc;
            scores[i] = scoreDocs[i].score;
        }
        return new ShardHits(docs, scores);
    }

    private long[] scoredPerLevel(SearchTrace trace) {
        long[] scored = new long[levelCount()];
        for (SearchTrace.LeafTrace leaf : trace.leaves()) {
            for (SearchTrace.LevelTrace level : leaf.levels()) {
                scored[level.level() - 1] += level.scored();
            }
        }
        return scored;
    }
}
