package dev.pyramid.codec.source;

import dev.pyramid.codec.PyramidLucene103Codec;

import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.codecs.lucene90.Lucene90StoredFieldsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterCodecReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.BytesRef;
import org.opensearch.index.mapper.SourceFieldMapper;
import org.opensearch.test.OpenSearchTestCase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Documents with a JSON {@code _source} and a Pyramid1 vector, written with the derived-source format: on disk the
 * source holds the placeholder where the document marks its vector key (and not where an array only looks like a
 * vector), every read path gives back the source as sent (vectors spelt as float32 here, so
 * byte for byte), through flushes, deletions, bulk merges, merges of wrapped readers, and a reopen that finds the
 * codec by name.
 */
public class DerivedSourceIndexTests extends OpenSearchTestCase {

    private static final String FIELD = "embedding";
    private static final int DIMENSION = 8;
    private static final StrippableFields EMBEDDING = key -> key.equals(FIELD) ? DIMENSION : StrippableFields.NOT_STRIPPABLE;

    /** id -> the source as sent; documents without a vector included. */
    private final Map<String, String> sources = new HashMap<>();
    /** ids of documents that have a vector. */
    private final Map<String, float[]> vectors = new HashMap<>();

    public void testSourcesOnDiskLackVectorsAndReadBackWhole() throws IOException {
        try (Directory directory = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, config())) {
                addDocuments(writer, 0, 60);
                writer.commit();
                addDocuments(writer, 60, 100);
                writer.deleteDocuments(new Term("id", "3"), new Term("id", "70"));
                sources.remove("3");
                sources.remove("70");
            }
            // Reopened from disk: the segments name PyramidLucene103, which Lucene finds by SPI.
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(2, reader.leaves().size());
                for (LeafReaderContext leaf : reader.leaves()) {
                    assertTrue(((SegmentReader) leaf.reader()).getSegmentInfo().info.getCodec() instanceof PyramidLucene103Codec);
                }
                assertStoredWithoutVectors(reader);
                assertSourcesRestored(reader);
            }
        }
    }

    public void testBulkMergeKeepsPlaceholders() throws IOException {
        try (Directory directory = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, config())) {
                for (int segment = 0; segment < 4; segment++) {
                    addDocuments(writer, segment * 25, segment * 25 + 25);
                    writer.commit();
                }
                writer.deleteDocuments(new Term("id", "10"));
                sources.remove("10");
                writer.forceMerge(1);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(1, reader.leaves().size());
                assertStoredWithoutVectors(reader);
                assertSourcesRestored(reader);
            }
        }
    }

    /** A merge of readers this format did not open visits restored sources; the writer strips them again. */
    public void testMergeOfWrappedReadersStripsAgain() throws IOException {
        try (Directory source = newDirectory(); Directory target = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(source, config())) {
                addDocuments(writer, 0, 40);
            }
            try (DirectoryReader reader = DirectoryReader.open(source); IndexWriter writer = new IndexWriter(target, config())) {
                CodecReader[] wrapped = reader.leaves().stream().map(leaf -> wrapStoredFields((CodecReader) leaf.reader())).toArray(CodecReader[]::new);
                writer.addIndexes(wrapped);
            }
            try (DirectoryReader reader = DirectoryReader.open(target)) {
                assertStoredWithoutVectors(reader);
                assertSourcesRestored(reader);
            }
        }
    }

    /** OpenSearch's fetch phase reads runs of consecutive hits through the merge instance: it restores too. */
    public void testMergeInstanceRestores() throws IOException {
        try (Directory directory = newDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, config())) {
                addDocuments(writer, 0, 30);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                for (LeafReaderContext leaf : reader.leaves()) {
                    StoredFieldsReader sequential = ((CodecReader) leaf.reader()).getFieldsReader().getMergeInstance();
                    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                        Document read = readDocument(sequential, doc);
                        assertEquals(sources.get(read.get("id")), read.getBinaryValue(SourceFieldMapper.NAME).utf8ToString());
                    }
                }
            }
        }
    }

    private IndexWriterConfig config() {
        IndexWriterConfig config = new IndexWriterConfig().setCodec(DerivedSourceCodecs.writing(EMBEDDING));
        // Segments as the test makes them: no flush by count, no background merges reordering documents.
        // No compound files, so that the stock reader can open a segment's stored fields directly.
        org.apache.lucene.index.LogMergePolicy mergePolicy = newLogMergePolicy(random());
        mergePolicy.setNoCFSRatio(0);
        config.setMergePolicy(mergePolicy);
        config.setUseCompoundFile(false);
        config.setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        config.setRAMBufferSizeMB(256);
        return config;
    }

    private void addDocuments(IndexWriter writer, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            String id = Integer.toString(i);
            Document document = new Document();
            document.add(new StringField("id", id, org.apache.lucene.document.Field.Store.YES));
            String source;
            boolean indexedVector = false;
            if (i % 7 == 5) {
                // No vector: a user's empty array stays what it is.
                source = "{\"title\": \"doc " + id + "\", \"" + FIELD + "\": []}";
            } else if (i % 7 == 3) {
                // A vector-shaped array that was not indexed (e.g. stored while the key was unmapped): kept as sent.
                source = "{\"title\": \"doc " + id + "\", \"" + FIELD + "\": " + new String(SourceVectorsJson.toJson(new float[DIMENSION]), StandardCharsets.US_ASCII) + "}";
            } else {
                float[] vector = new float[DIMENSION];
                for (int d = 0; d < DIMENSION; d++) {
                    vector[d] = randomFloat() * 2 - 1;
                }
                vectors.put(id, vector);
                document.add(new KnnFloatVectorField(FIELD, vector, VectorSimilarityFunction.EUCLIDEAN));
                source = "{\"title\": \"doc " + id + "\", \"" + FIELD + "\": " + new String(SourceVectorsJson.toJson(vector), StandardCharsets.US_ASCII) + ", \"n\": 1.50}";
                indexedVector = true;
            }
            sources.put(id, source);
            document.add(new StoredField(SourceFieldMapper.NAME, new BytesRef(source)));
            if (indexedVector) {
                // After _source, as the mapper adds it.
                document.add(new StoredField(DerivedVectorsStoredFieldsFormat.VECTOR_KEYS_FIELD, FIELD));
            }
            writer.addDocument(document);
        }
    }

    private void assertSourcesRestored(DirectoryReader reader) throws IOException {
        int live = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            org.apache.lucene.index.StoredFields stored = leaf.reader().storedFields();
            // In any order, as a page of hits reads them.
            java.util.List<Integer> docs = new java.util.ArrayList<>();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                docs.add(doc);
            }
            java.util.Collections.shuffle(docs, random());
            for (int doc : docs) {
                if (leaf.reader().getLiveDocs() != null && leaf.reader().getLiveDocs().get(doc) == false) {
                    continue;
                }
                Document document = stored.document(doc);
                assertEquals(sources.get(document.get("id")), document.getBinaryValue(SourceFieldMapper.NAME).utf8ToString());
                live++;
            }
        }
        assertEquals(sources.size(), live);
    }

    /** The bytes as the stock stored fields reader sees them: the placeholder where each vector was. */
    private void assertStoredWithoutVectors(DirectoryReader reader) throws IOException {
        int stripped = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            SegmentReader segment = (SegmentReader) leaf.reader();
            try (
                StoredFieldsReader raw = new Lucene90StoredFieldsFormat().fieldsReader(
                    segment.directory(),
                    segment.getSegmentInfo().info,
                    segment.getFieldInfos(),
                    IOContext.DEFAULT
                )
            ) {
                for (int doc = 0; doc < segment.maxDoc(); doc++) {
                    Document document = readDocument(raw, doc);
                    String id = document.get("id");
                    if (sources.containsKey(id) == false) {
                        continue;
                    }
                    String storedSource = document.getBinaryValue(SourceFieldMapper.NAME).utf8ToString();
                    String expected = vectors.containsKey(id)
                        ? "{\"title\": \"doc " + id + "\", \"" + FIELD + "\": [], \"n\": 1.50}"
                        : sources.get(id);
                    assertEquals(expected, storedSource);
                    stripped += vectors.containsKey(id) ? 1 : 0;
                }
            }
        }
        assertTrue("some sources were stripped", stripped > 0);
    }

    private static Document readDocument(StoredFieldsReader reader, int doc) throws IOException {
        org.apache.lucene.document.DocumentStoredFieldVisitor visitor = new org.apache.lucene.document.DocumentStoredFieldVisitor();
        reader.document(doc, visitor);
        return visitor.getDocument();
    }

    /** A reader whose stored fields are behind a plain wrapper, as merge policies wrap readers. */
    private static CodecReader wrapStoredFields(CodecReader in) {
        return new FilterCodecReader(in) {
            @Override
            public StoredFieldsReader getFieldsReader() {
                return new PassThroughStoredFieldsReader(in.getFieldsReader());
            }

            @Override
            public CacheHelper getCoreCacheHelper() {
                return null;
            }

            @Override
            public CacheHelper getReaderCacheHelper() {
                return null;
            }
        };
    }

    private static final class PassThroughStoredFieldsReader extends StoredFieldsReader {
        private final StoredFieldsReader in;

        PassThroughStoredFieldsReader(StoredFieldsReader in) {
            this.in = in;
        }

        @Override
        public void document(int docID, StoredFieldVisitor visitor) throws IOException {
            in.document(docID, visitor);
        }

        @Override
        public StoredFieldsReader clone() {
            return new PassThroughStoredFieldsReader(in.clone());
        }

        @Override
        public StoredFieldsReader getMergeInstance() {
            return new PassThroughStoredFieldsReader(in.getMergeInstance());
        }

        @Override
        public void checkIntegrity() throws IOException {
            in.checkIntegrity();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
