package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.util.Accountable;
import org.apache.lucene.util.Accountables;
import org.apache.lucene.util.hnsw.HnswGraph;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link Pyramid1VectorsFormat} segments: Lucene's HNSW reader for the graph (traversed with coarse-level
 * scores) and the {@link Pyramid1LevelsReader} for the levels, which the coarse-to-fine search reaches through
 * {@link #levels()}.
 */
public final class Pyramid1VectorsReader extends KnnVectorsReader implements HnswGraphProvider, Accountable {

    private static final PyramidSearchStrategy DEFAULT_STRATEGY = new PyramidSearchStrategy(SearchPlan.FULL_DEPTH);

    private final Lucene99HnswVectorsReader graph;
    private final Pyramid1LevelsReader levels;

    Pyramid1VectorsReader(Lucene99HnswVectorsReader graph, Pyramid1LevelsReader levels) {
        this.graph = graph;
        this.levels = levels;
    }

    public Pyramid1LevelsReader levels() {
        return levels;
    }

    @Override
    public HnswGraph getGraph(String field) throws IOException {
        return graph.getGraph(field);
    }

    @Override
    public void checkIntegrity() throws IOException {
        graph.checkIntegrity();
    }

    @Override
    public FloatVectorValues getFloatVectorValues(String field) throws IOException {
        return graph.getFloatVectorValues(field);
    }

    @Override
    public ByteVectorValues getByteVectorValues(String field) throws IOException {
        return graph.getByteVectorValues(field);
    }

    /**
     * Coarse-to-fine search ({@link CoarseToFineSearch}) with the collector's {@link PyramidSearchStrategy}, or
     * {@link SearchPlan#FULL_DEPTH} so that plain Lucene vector queries get exact scores. Scores come from the last
     * level run: exact when that is the last level.
     */
    @Override
    public void search(String field, float[] target, KnnCollector collector, AcceptDocs acceptDocs) throws IOException {
        PyramidLevels fieldLevels = levels.levels(field);
        if (fieldLevels == null || fieldLevels.size() == 1 || levels.vectorCount(field) == 0 || collector.k() == 0) {
            graph.search(field, target, collector, acceptDocs);
            return;
        }
        PyramidSearchStrategy strategy = collector.getSearchStrategy() instanceof PyramidSearchStrategy pyramid
            ? pyramid
            : DEFAULT_STRATEGY;
        CoarseToFineSearch.search(
            levels,
            graph.getGraph(field),
            field,
            target,
            fieldLevels,
            strategy,
            collector,
            acceptDocs == null ? null : acceptDocs.bits()
        );
    }

    @Override
    public void search(String field, byte[] target, KnnCollector collector, AcceptDocs acceptDocs) throws IOException {
        graph.search(field, target, collector, acceptDocs);
    }

    @Override
    public KnnVectorsReader getMergeInstance() throws IOException {
        return graph.getMergeInstance();
    }

    @Override
    public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
        return graph.getOffHeapByteSize(fieldInfo);
    }

    /** The graph reader's heap, which includes the levels reader (its flat reader). */
    @Override
    public long ramBytesUsed() {
        return graph.ramBytesUsed();
    }

    /** The levels, each on its own ({@link Pyramid1LevelsReader#getChildResources}); the rest is the graph's. */
    @Override
    public Collection<Accountable> getChildResources() {
        return List.of(
            Accountables.namedAccountable("graph", graph.ramBytesUsed() - levels.ramBytesUsed()),
            Accountables.namedAccountable("levels", levels)
        );
    }

    @Override
    public void close() throws IOException {
        graph.close();
    }
}
