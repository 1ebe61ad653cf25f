package dev.pyramid.stats;

import dev.pyramid.codec.pyramid1.Pyramid1VectorsFormat;
import dev.pyramid.quantization.LevelEncoding;
import dev.pyramid.quantization.LevelSpec;
import dev.pyramid.quantization.LevelsPolicy;
import dev.pyramid.quantization.PyramidLevels;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes {@link SegmentStatsReader} reports against what the format writes: per-vector sizes from the encodings,
 * and disk shares that add up to the exact lengths of the {@code .pym} and {@code .pyc} files.
 */
public class SegmentStatsReaderTests extends OpenSearchTestCase {

    private static final int DIM = 8;

    public void testBytesPerLevelMatchTheFiles() throws IOException {
        PyramidLevels defaults = PyramidLevels.defaultFor(DIM);
        PyramidLevels binaryOnly = PyramidLevels.of(
            List.of(new LevelSpec(DIM, LevelEncoding.BINARY), new LevelSpec(DIM, LevelEncoding.FLOAT)),
            DIM
        );
        PyramidLevels floatOnly = PyramidLevels.of(List.of(new LevelSpec(DIM, LevelEncoding.FLOAT)), DIM);
        // "a" and "b" share one format instance, so one .pym and one .pyc per segment; "c" and "d" have their own.
        KnnVectorsFormat shared = new Pyramid1VectorsFormat(LevelsPolicy.fixed(defaults));
        Map<String, KnnVectorsFormat> formats = Map.of(
            "a",
            shared,
            "b",
            shared,
            "c",
            new Pyramid1VectorsFormat(LevelsPolicy.fixed(binaryOnly)),
            "d",
            new Pyramid1VectorsFormat(LevelsPolicy.fixed(floatOnly))
        );
        Map<String, PyramidLevels> pyramids = Map.of("a", defaults, "b", defaults, "c", binaryOnly, "d", floatOnly);
        int[] perSegment = { randomIntBetween(1, 60), randomIntBetween(1, 60) };
        int docs = perSegment[0] + perSegment[1];

        try (Directory dir = new ByteBuffersDirectory()) {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene103Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return formats.get(field);
                }
            }).setUseCompoundFile(false).setMergePolicy(NoMergePolicy.INSTANCE);
            try (IndexWriter writer = new IndexWriter(dir, config)) {
                for (int count : perSegment) {
                    for (int i = 0; i < count; i++) {
                        Document doc = new Document();
                        for (String field : formats.keySet()) {
                            doc.add(new KnnFloatVectorField(field, randomVector(), VectorSimilarityFunction.EUCLIDEAN));
                        }
                        writer.addDocument(doc);
                    }
                    writer.commit();
                }
            }
            Map<String, FieldStats.Builder> builders = new TreeMap<>();
            pyramids.forEach((field, levels) -> builders.put(field, new FieldStats.Builder(field, levels)));
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertEquals(2, reader.leaves().size());
                for (LeafReaderContext leaf : reader.leaves()) {
                    SegmentStatsReader.read(leaf.reader(), builders::get);
                }
            }

            long levelFiles = 0;
            for (String file : dir.listAll()) {
                if (file.endsWith(".pym") || file.endsWith(".pyc")) {
                    levelFiles += dir.fileLength(file);
                }
            }
            long overheadReported = 0;
            Map<LevelEncoding, Integer> bytesPerVector = Map.of(
                LevelEncoding.BINARY, 8 + 16, // 8 dims padded to 64 bits, then 4 correction ints
                LevelEncoding.INT4, 4 + 16,   // two dims per byte
                LevelEncoding.FLOAT, DIM * Float.BYTES
            );
            for (Map.Entry<String, FieldStats.Builder> entry : builders.entrySet()) {
                FieldStats stats = entry.getValue().build();
                String field = entry.getKey();
                assertEquals(field, docs, stats.vectorCount());
                assertEquals(field, 2, stats.segments());
                assertEquals(field, pyramids.get(field).size(), stats.levels().size());
                assertTrue(field + " has a graph", stats.graphBytes() > 0);
                for (LevelStats level : stats.levels()) {
                    assertEquals(field + " " + level, (long) docs * bytesPerVector.get(level.spec().encoding()), level.offHeapBytes());
                    assertTrue(field + " " + level, level.diskBytes() >= level.offHeapBytes());
                    if (level.spec().encoding() == LevelEncoding.FLOAT && pyramids.get(field).size() > 1) {
                        assertEquals(field + " float level on disk is its .vec bytes", level.offHeapBytes(), level.diskBytes());
                    }
                    overheadReported += level.diskBytes() - level.offHeapBytes();
                    if (level.spec().encoding() != LevelEncoding.FLOAT) {
                        overheadReported += level.offHeapBytes();
                    }
                }
            }
            assertEquals("coarse codes plus shares add up to the .pym and .pyc files", levelFiles, overheadReported);
        }
    }

    public void testShareSplitsExactly() {
        assertEquals(4, SegmentStatsReader.share(10, 3, 0));
        assertEquals(3, SegmentStatsReader.share(10, 3, 1));
        assertEquals(3, SegmentStatsReader.share(10, 3, 2));
        long total = randomLongBetween(0, 1_000_000);
        int parts = randomIntBetween(1, 20);
        long sum = 0;
        for (int i = 0; i < parts; i++) {
            sum += SegmentStatsReader.share(total, parts, i);
        }
        assertEquals(total, sum);
    }

    private static float[] randomVector() {
        float[] vector = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            vector[i] = randomFloat() * 2 - 1;
        }
        return vector;
    }
}
