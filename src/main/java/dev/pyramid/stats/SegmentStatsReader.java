package dev.pyramid.stats;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1LevelsReader;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the bytes of every pyramid field of one segment from the segment's own readers; nothing comes from the
 * mapping. Per field:
 * <ul>
 *   <li>coarse level {@code n}: off-heap = its codes and corrections in {@code .pyc}
 *       ({@link Pyramid1LevelsReader#coarseLevelBytes}); disk = the same plus an equal share of what the level files
 *       hold besides codes: all of {@code .pym} (level table, centroid) and the header, alignment padding and footer
 *       of {@code .pyc}. Fields that share a format instance share those files, so the share is taken over the
 *       coarse levels of all of them, and the shares add up to the two files' exact lengths;</li>
 *   <li>float level: the field's float32 vectors in {@code .vec} ({@code getOffHeapByteSize}, which is per field),
 *       on disk and off-heap alike;</li>
 *   <li>graph: the field's HNSW graph in {@code .vex}, as Lucene's {@code getOffHeapByteSize} counts it: the
 *       neighbour lists only, not the node-offset table that follows them in {@code .vex} (about 2 bytes per vector,
 *       which no public API reports).</li>
 * </ul>
 * Vectors of deleted documents stay in the segment until a merge, so they count.
 */
final class SegmentStatsReader {

    /** Lucene99FlatVectorsFormat's extension for raw vectors, as keyed by {@code getOffHeapByteSize}. */
    static final String FLOAT_VECTORS_EXTENSION = "vec";
    /** Lucene99HnswVectorsFormat's extension for the graph, as keyed by {@code getOffHeapByteSize}. */
    static final String GRAPH_EXTENSION = "vex";

    private SegmentStatsReader() {}

    /**
     * Adds each pyramid field of {@code segment} to the builder {@code fields} returns for its name; fields it
     * returns null for are skipped.
     */
    static void read(LeafReader segment, Function<String, FieldStats.Builder> fields) {
        Map<Pyramid1VectorsReader, List<FieldInfo>> byReader = new IdentityHashMap<>();
        for (FieldInfo info : segment.getFieldInfos()) {
            if (info.getVectorDimension() == 0) {
                continue;
            }
            Pyramid1VectorsReader reader = PyramidSegments.reader(segment, info.name);
            if (reader != null && reader.levels().levels(info.name) != null) {
                byReader.computeIfAbsent(reader, r -> new ArrayList<>()).add(info);
            }
        }
        for (Map.Entry<Pyramid1VectorsReader, List<FieldInfo>> group : byReader.entrySet()) {
            readGroup(group.getKey(), group.getValue(), fields);
        }
    }

    /** The fields of one format instance, which share one {@code .pym} and one {@code .pyc}. */
    private static void readGroup(Pyramid1VectorsReader reader, List<FieldInfo> infos, Function<String, FieldStats.Builder> fields) {
        Pyramid1LevelsReader levels = reader.levels();
        long codeBytes = 0;
        int coarseLevels = 0;
        for (FieldInfo info : infos) {
            for (long bytes : levels.coarseLevelBytes(info.name)) {
                codeBytes += bytes;
                coarseLevels++;
            }
        }
        long overhead = levels.metaFileBytes() + levels.codesFileBytes() - codeBytes;
        int slot = 0;
        for (int f = 0; f < infos.size(); f++) {
            FieldInfo info = infos.get(f);
            PyramidLevels pyramid = levels.levels(info.name);
            long[] coarse = levels.coarseLevelBytes(info.name);
            Map<String, Long> offHeap = reader.getOffHeapByteSize(info);
            long[] offHeapBytes = new long[pyramid.size()];
            long[] diskBytes = new long[pyramid.size()];
            for (int i = 0; i < coarse.length; i++) {
                offHeapBytes[i] = coarse[i];
                diskBytes[i] = coarse[i] + share(overhead, coarseLevels, slot++);
            }
            int floatLevel = pyramid.size() - 1;
            offHeapBytes[floatLevel] = offHeap.getOrDefault(FLOAT_VECTORS_EXTENSION, 0L);
            diskBytes[floatLevel] = offHeapBytes[floatLevel];
            if (coarseLevels == 0) {
                // Only float levels in this group: the level files hold just metadata, carried by the float levels.
                diskBytes[floatLevel] += share(overhead, infos.size(), f);
            }
            FieldStats.Builder builder = fields.apply(info.name);
            if (builder != null) {
                long graphBytes = offHeap.getOrDefault(GRAPH_EXTENSION, 0L);
                builder.addSegment(pyramid, levels.vectorCount(info.name), offHeapBytes, diskBytes, graphBytes);
            }
        }
    }

    /** Part {@code index} of {@code total} split into {@code parts} integers that differ by at most one. */
    static long share(long total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }
}
