package dev.pyramid.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the texmex layout that {@code dev.pyramid.testing.Fvecs} reads: per row an int32 little-endian dimension,
 * then that many little-endian float32 ({@code .fvecs}) or int32 ({@code .ivecs}) values.
 */
final class VectorFileWriter {

    private VectorFileWriter() {}

    static void writeFvecs(Path path, float[][] rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            ByteBuffer buffer = null;
            for (float[] row : rows) {
                buffer = rowBuffer(buffer, row.length);
                buffer.putInt(row.length);
                buffer.asFloatBuffer().put(row);
                out.write(buffer.array(), 0, buffer.capacity());
            }
        }
    }

    static void writeIvecs(Path path, int[][] rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            ByteBuffer buffer = null;
            for (int[] row : rows) {
                buffer = rowBuffer(buffer, row.length);
                buffer.putInt(row.length);
                buffer.asIntBuffer().put(row);
                out.write(buffer.array(), 0, buffer.capacity());
            }
        }
    }

    /** A little-endian buffer for one row of {@code dim} values, positioned after the dimension once it is put. */
    private static ByteBuffer rowBuffer(ByteBuffer reusable, int dim) {
        int bytes = Integer.BYTES * (1 + dim);
        ByteBuffer buffer = reusable != null && reusable.capacity() == bytes
            ? reusable.clear()
            : ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return buffer;
    }
}
