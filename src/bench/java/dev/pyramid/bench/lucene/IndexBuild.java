package dev.pyramid.bench.lucene;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds one benchmark index the same way for every format, single-threaded and deterministic: documents hold the
 * vector (dot product: the data is unit length) and their row number; a segment is flushed every
 * {@value #DOCS_PER_FLUSH} documents (RAM-based flushing off), no merge runs while indexing (a log-doc merge policy
 * with a merge factor above the segment count), then {@code forceMerge(1)} on the calling thread
 * ({@link SerialMergeScheduler}) leaves one segment, without compound files. Build time = adding (which includes
 * Lucene's incremental graph building) + flushes + the force merge + the commits.
 */
public final class IndexBuild {

    public static final String FIELD = "vector";
    public static final String ROW_FIELD = "row";
    public static final int DOCS_PER_FLUSH = 10_000;

    private IndexBuild() {}

    /** Indexes {@code vectors} into the empty {@code directory}; returns the timings (milliseconds) and segment counts. */
    public static Map<String, Object> build(Directory directory, KnnVectorsFormat format, float[][] vectors) throws IOException {
        LogDocMergePolicy mergePolicy = new LogDocMergePolicy();
        mergePolicy.setMergeFactor(1000);
        mergePolicy.setNoCFSRatio(0);
        Codec codec = new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
        IndexWriterConfig config = new IndexWriterConfig().setCodec(codec)
            .setUseCompoundFile(false)
            .setMergePolicy(mergePolicy)
            .setMergeScheduler(new SerialMergeScheduler())
            .setMaxBufferedDocs(DOCS_PER_FLUSH)
            .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
            .setCommitOnClose(false);
        Map<String, Object> report = new LinkedHashMap<>();
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            long start = System.nanoTime();
            for (int row = 0; row < vectors.length; row++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vectors[row], VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new NumericDocValuesField(ROW_FIELD, row));
                writer.addDocument(doc);
            }
            writer.commit();
            long indexed = System.nanoTime();
            int flushedSegments = SegmentInfos.readLatestCommit(directory).size();
            writer.forceMerge(1);
            writer.commit();
            long merged = System.nanoTime();
            report.put("docs_per_flush", DOCS_PER_FLUSH);
            report.put("flushed_segments", flushedSegments);
            report.put("segments", SegmentInfos.readLatestCommit(directory).size());
            report.put("index_and_flush_ms", (indexed - start) / 1e6);
            report.put("force_merge_ms", (merged - indexed) / 1e6);
            report.put("build_ms", (merged - start) / 1e6);
        }
        return report;
    }
}
