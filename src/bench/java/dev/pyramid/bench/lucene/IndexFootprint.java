package dev.pyramid.bench.lucene;

import dev.pyramid.codec.PyramidSegments;
import dev.pyramid.codec.pyramid1.Pyramid1LevelsReader;
import dev.pyramid.codec.pyramid1.Pyramid1VectorsReader;

import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.store.Directory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes a format keeps per vector in a one-segment index, by file extension, and the two figures the goals are
 * about:
 * <ul>
 *   <li><b>hot</b>: the off-heap non-float bytes read for every node a search visits, i.e. the graph ({@code .vex})
 *       plus the codes the traversal scores with ({@code .veq}, {@code .veb}, or a pyramid's level-1 region of
 *       {@code .pyc});</li>
 *   <li><b>off-heap non-float</b>: every off-heap vector file except the float32 vectors ({@code .vec}): graph and
 *       all quantized codes (for a pyramid, all coarse levels). Metadata files are read into the heap when the
 *       segment opens and are listed, not counted.</li>
 * </ul>
 * Lucene's own view ({@link KnnVectorsReader#getOffHeapByteSize}) is recorded beside the file sizes.
 */
public final class IndexFootprint {

    /** Vector data files; every other file (doc values of the row number, segment infos) is not the format's. */
    private static final List<String> VECTOR_EXTENSIONS = List.of("vec", "vex", "veq", "veb", "pyc", "vem", "vemf", "vemq", "vemb", "pym");

    private IndexFootprint() {}

    public static Map<String, Object> measure(Directory directory, DirectoryReader reader, BenchFormat format, int vectors)
        throws IOException {
        Map<String, Long> bytesByExtension = new TreeMap<>();
        for (String file : directory.listAll()) {
            String extension = IndexFileNames.getExtension(file);
            if (extension != null && VECTOR_EXTENSIONS.contains(extension)) {
                bytesByExtension.merge(extension, directory.fileLength(file), Long::sum);
            }
        }
        Map<String, Object> out = new TreeMap<>();
        Map<String, Double> perVector = new TreeMap<>();
        bytesByExtension.forEach((extension, bytes) -> perVector.put(extension, (double) bytes / vectors));
        out.put("disk_bytes_per_vector_by_file", perVector);
        long total = bytesByExtension.values().stream().mapToLong(Long::longValue).sum();
        out.put("disk_bytes_per_vector_total", (double) total / vectors);

        long graph = bytesByExtension.getOrDefault("vex", 0L);
        long hotCodes = 0;
        long allCodes = 0;
        LeafReader leaf = reader.leaves().get(0).reader();
        Pyramid1VectorsReader pyramid = PyramidSegments.reader(leaf, IndexBuild.FIELD);
        if (pyramid != null) {
            Pyramid1LevelsReader levels = pyramid.levels();
            long[] coarse = levels.coarseLevelBytes(IndexBuild.FIELD);
            Map<String, Double> perLevel = new TreeMap<>();
            for (int i = 0; i < coarse.length; i++) {
                perLevel.put("level_" + (i + 1) + "_" + levels.levels(IndexBuild.FIELD).level(i + 1), (double) coarse[i] / vectors);
                allCodes += coarse[i];
            }
            hotCodes = coarse.length > 0 ? coarse[0] : 0;
            out.put("pyramid_levels", levels.levels(IndexBuild.FIELD).toString());
            out.put("pyramid_code_bytes_per_vector_by_level", perLevel);
        } else {
            for (String extension : format.codeFiles()) {
                hotCodes += bytesByExtension.getOrDefault(extension, 0L);
                allCodes += bytesByExtension.getOrDefault(extension, 0L);
            }
        }
        out.put("hot_bytes_per_vector", (double) (graph + hotCodes) / vectors);
        out.put("hot_bytes_per_vector_graph", (double) graph / vectors);
        out.put("hot_bytes_per_vector_codes", (double) hotCodes / vectors);
        out.put("offheap_nonfloat_bytes_per_vector", (double) (graph + allCodes) / vectors);
        out.put("float32_bytes_per_vector", 4.0 * reader.leaves().get(0).reader().getFieldInfos().fieldInfo(IndexBuild.FIELD).getVectorDimension());
        out.put("lucene_offheap_bytes_by_file", luceneOffHeap(leaf));
        return out;
    }

    private static Map<String, Long> luceneOffHeap(LeafReader leaf) {
        LeafReader unwrapped = FilterLeafReader.unwrap(leaf);
        if (unwrapped instanceof CodecReader codecReader) {
            KnnVectorsReader vectors = codecReader.getVectorReader();
            if (vectors instanceof PerFieldKnnVectorsFormat.FieldsReader perField) {
                vectors = perField.getFieldReader(IndexBuild.FIELD);
            }
            FieldInfo info = leaf.getFieldInfos().fieldInfo(IndexBuild.FIELD);
            return new TreeMap<>(vectors.getOffHeapByteSize(info));
        }
        return Map.of();
    }
}
