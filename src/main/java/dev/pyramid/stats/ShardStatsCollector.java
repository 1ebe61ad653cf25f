package dev.pyramid.stats;

import dev.pyramid.mapper.PyramidVectorFieldType;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.AlreadyClosedException;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.shard.IllegalIndexShardStateException;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the {@link FieldStats} of the shard copies a node holds, from the segments its searches see (the last
 * refresh). Copies that cannot be read right now (recovering, closing) are left out and not counted in
 * {@code shards}.
 */
final class ShardStatsCollector {

    private static final String SEARCHER_SOURCE = "pyramid_stats";

    private ShardStatsCollector() {}

    /** Index name to field name to stats, for the indices named in {@code indexNames} that have pyramid fields. */
    static Map<String, Map<String, FieldStats>> collect(IndicesService indicesService, Set<String> indexNames) {
        Map<String, Map<String, FieldStats>> indices = new TreeMap<>();
        for (IndexService indexService : indicesService) {
            String index = indexService.index().getName();
            if (indexNames.contains(index) == false) {
                continue;
            }
            Map<String, FieldStats.Builder> fields = new TreeMap<>();
            for (MappedFieldType fieldType : indexService.mapperService().fieldTypes()) {
                if (fieldType instanceof PyramidVectorFieldType pyramid) {
                    fields.put(pyramid.name(), new FieldStats.Builder(pyramid.name(), pyramid.levels()));
                }
            }
            if (fields.isEmpty()) {
                continue;
            }
            for (IndexShard shard : indexService) {
                addShard(shard, fields);
            }
            Map<String, FieldStats> built = new TreeMap<>();
            fields.forEach((name, builder) -> built.put(name, builder.build()));
            indices.put(index, built);
        }
        return indices;
    }

    private static void addShard(IndexShard shard, Map<String, FieldStats.Builder> fields) {
        Engine.Searcher searcher;
        try {
            searcher = shard.acquireSearcher(SEARCHER_SOURCE);
        } catch (IllegalIndexShardStateException | AlreadyClosedException e) {
            // Not readable yet or any more: it has no segments to report.
            return;
        }
        try (searcher) {
            fields.values().forEach(FieldStats.Builder::addShard);
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                SegmentStatsReader.read(leaf.reader(), fields::get);
            }
        }
    }
}
