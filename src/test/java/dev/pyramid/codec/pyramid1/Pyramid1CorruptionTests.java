package dev.pyramid.codec.pyramid1;

import dev.pyramid.quantization.LevelsPolicy;

import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.tests.index.BaseKnnVectorsFormatTestCase;
import org.apache.lucene.util.StringHelper;
import org.opensearch.test.OpenSearchTestCase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Flips one byte of one file of a written pyramid segment, in the header, the body and the footer of every file the
 * format writes: its own {@code .pym} and {@code .pyc}, and the files of the formats it delegates to ({@code .vec},
 * {@code .vemf} of the float level; {@code .vex}, {@code .vem} of the graph). Opening the segment, or checking its
 * integrity as merges and CheckIndex do, must then fail with {@link CorruptIndexException} (or Lucene's
 * {@link IndexFormatTooOldException} / {@link IndexFormatTooNewException} when the flipped byte is a header's
 * version), never hand back a reader. The segment is written without a compound file so that every file can be
 * reached.
 */
public class Pyramid1CorruptionTests extends OpenSearchTestCase {

    private static final String FIELD = "vector";
    private static final Set<String> PYRAMID_FILES = Set.of("pym", "pyc", "vec", "vemf", "vex", "vem");
    /** Positions tried at random inside each file's body, besides its first and last byte. */
    private static final int BODY_SAMPLES = 24;

    public void testEveryFlippedByteIsDetected() throws IOException {
        // at least one coarse level, so that .pyc has a body to corrupt
        LevelsPolicy levels = RandomPyramids.randomPolicy(random(), 1);
        int dimension = randomIntBetween(2, 48);
        VectorSimilarityFunction similarity = randomFrom(VectorSimilarityFunction.values());
        try (Directory pristine = new ByteBuffersDirectory()) {
            writeSegment(pristine, levels, dimension, similarity);
            assertOpensAndChecks(pristine, dimension);

            Set<String> extensions = new TreeSet<>();
            int flips = 0;
            for (String file : pristine.listAll()) {
                String extension = IndexFileNames.getExtension(file);
                if (extension == null || PYRAMID_FILES.contains(extension) == false) {
                    continue;
                }
                extensions.add(extension);
                long length = pristine.fileLength(file);
                for (long position : positions(pristine, file, length)) {
                    try (Directory corrupted = copyWithFlippedByte(pristine, file, position)) {
                        assertCorruptionDetected(corrupted, file, position, length);
                        flips++;
                    }
                }
            }
            assertEquals("every pyramid file was corrupted [levels=" + levels + "]", PYRAMID_FILES, extensions);
            logger.info("levels {}, dimension {}, {}: {} flipped bytes, each detected", levels, dimension, similarity, flips);
        }
    }

    private void writeSegment(Directory dir, LevelsPolicy levels, int dimension, VectorSimilarityFunction similarity)
        throws IOException {
        KnnVectorsFormat format = new Pyramid1VectorsFormat(levels);
        IndexWriterConfig config = new IndexWriterConfig().setCodec(Pyramid1Codecs.everyVectorField(format))
            .setUseCompoundFile(false)
            .setMergePolicy(NoMergePolicy.INSTANCE);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            int docs = randomIntBetween(50, 300);
            for (int i = 0; i < docs; i++) {
                Document doc = new Document();
                if (i == 0 || randomInt(9) > 0) {
                    doc.add(new KnnFloatVectorField(FIELD, BaseKnnVectorsFormatTestCase.randomNormalizedVector(dimension), similarity));
                }
                writer.addDocument(doc);
            }
            writer.commit();
        }
    }

    /** The whole header, the whole footer, the first and last body byte, and random body bytes. */
    private List<Long> positions(Directory dir, String file, long length) throws IOException {
        long headerLength = indexHeaderLength(dir, file);
        long bodyEnd = length - CodecUtil.footerLength();
        List<Long> positions = new ArrayList<>();
        for (long p = 0; p < headerLength; p++) {
            positions.add(p);
        }
        if (bodyEnd > headerLength) {
            positions.add(headerLength);
            positions.add(bodyEnd - 1);
            for (int i = 0; i < BODY_SAMPLES; i++) {
                positions.add(randomLongBetween(headerLength, bodyEnd - 1));
            }
        }
        for (long p = bodyEnd; p < length; p++) {
            positions.add(p);
        }
        return positions;
    }

    /** Reads a {@link CodecUtil#writeIndexHeader} header: magic, codec name, version, segment id, suffix. */
    private static long indexHeaderLength(Directory dir, String file) throws IOException {
        try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
            assertEquals(file, CodecUtil.CODEC_MAGIC, CodecUtil.readBEInt(in));
            String codec = in.readString();
            CodecUtil.readBEInt(in); // version
            in.skipBytes(StringHelper.ID_LENGTH);
            int suffixLength = in.readByte() & 0xFF;
            in.skipBytes(suffixLength);
            assertEquals(file, CodecUtil.headerLength(codec) + StringHelper.ID_LENGTH + 1 + suffixLength, in.getFilePointer());
            return in.getFilePointer();
        }
    }

    private static Directory copyWithFlippedByte(Directory source, String corruptedFile, long position) throws IOException {
        Directory copy = new ByteBuffersDirectory();
        for (String file : source.listAll()) {
            if (file.equals(corruptedFile) == false) {
                copy.copyFrom(source, file, file, IOContext.DEFAULT);
                continue;
            }
            try (IndexInput in = source.openInput(file, IOContext.READONCE); IndexOutput out = copy.createOutput(file, IOContext.DEFAULT)) {
                byte[] bytes = new byte[(int) in.length()];
                in.readBytes(bytes, 0, bytes.length);
                bytes[(int) position] ^= (byte) randomIntBetween(1, 255);
                out.writeBytes(bytes, bytes.length);
            }
        }
        return copy;
    }

    private static void assertOpensAndChecks(Directory dir, int dimension) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            LeafReader leaf = getOnlyLeafReader(reader);
            leaf.checkIntegrity();
            float[] query = BaseKnnVectorsFormatTestCase.randomNormalizedVector(dimension);
            assertEquals(5, new IndexSearcher(reader).search(new KnnFloatVectorQuery(FIELD, query, 5), 5).scoreDocs.length);
        }
        CheckIndex.Status status = checkIndex(dir);
        assertTrue("the pristine index is clean", status.clean);
    }

    private static void assertCorruptionDetected(Directory dir, String file, long position, long length) throws IOException {
        String where = String.format(Locale.ROOT, "byte %d of %s (%d bytes)", position, file, length);
        Exception failure = null;
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            getOnlyLeafReader(reader).checkIntegrity();
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            failure = e;
        }
        assertNotNull("no corruption reported for " + where, failure);
        assertFalse("CheckIndex passes with " + where, checkIndex(dir).clean);
    }

    private static CheckIndex.Status checkIndex(Directory dir) throws IOException {
        try (CheckIndex checker = new CheckIndex(dir)) {
            checker.setInfoStream(new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8));
            return checker.checkIndex();
        }
    }
}
