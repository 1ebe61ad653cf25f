package dev.pyramid.testing;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the texmex vector files of the shared test data ({@code ../shared/data}, see its README): per row an int32
 * little-endian dimension, then that many little-endian float32 ({@code .fvecs}) or int32 ({@code .ivecs}) values.
 * Every row must have the dimension of the first; a truncated file is an {@link EOFException} naming the row.
 */
public final class Fvecs {

    private Fvecs() {}

    /** Reads every row of an {@code .fvecs} file. */
    public static float[][] readFvecs(Path path) throws IOException {
        return readFvecs(path, Integer.MAX_VALUE);
    }

    /** Reads the first {@code maxRows} rows of an {@code .fvecs} file (fewer if the file is shorter). */
    public static float[][] readFvecs(Path path, int maxRows) throws IOException {
        List<float[]> rows = new ArrayList<>();
        read(path, maxRows, (buffer, dim) -> {
            float[] row = new float[dim];
            buffer.asFloatBuffer().get(row);
            rows.add(row);
        });
        return rows.toArray(new float[0][]);
    }

    /** Reads every row of an {@code .ivecs} file. */
    public static int[][] readIvecs(Path path) throws IOException {
        return readIvecs(path, Integer.MAX_VALUE);
    }

    /** Reads the first {@code maxRows} rows of an {@code .ivecs} file (fewer if the file is shorter). */
    public static int[][] readIvecs(Path path, int maxRows) throws IOException {
        List<int[]> rows = new ArrayList<>();
        read(path, maxRows, (buffer, dim) -> {
            int[] row = new int[dim];
            buffer.asIntBuffer().get(row);
            rows.add(row);
        });
        return rows.toArray(new int[0][]);
    }

    @FunctionalInterface
    private interface RowConsumer {
        /** @param values the row's {@code dim} 4-byte values, little-endian, positioned at the first */
        void accept(ByteBuffer values, int dim);
    }

    private static void read(Path path, int maxRows, RowConsumer consumer) throws IOException {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be >= 0, got [" + maxRows + "]");
        }
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = null;
        int expectedDim = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            for (int row = 0; row < maxRows; row++) {
                int read = in.readNBytes(header.array(), 0, Integer.BYTES);
                if (read == 0) {
                    return;
                }
                if (read < Integer.BYTES) {
                    throw new EOFException(String.format(Locale.ROOT, "%s: truncated dimension of row [%d]", path, row));
                }
                int dim = header.getInt(0);
                if (expectedDim == -1) {
                    if (dim <= 0) {
                        throw new IOException(String.format(Locale.ROOT, "%s: row [0] has dimension [%d]", path, dim));
                    }
                    expectedDim = dim;
                    values = ByteBuffer.allocate(dim * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                } else if (dim != expectedDim) {
                    throw new IOException(
                        String.format(Locale.ROOT, "%s: row [%d] has dimension [%d], row [0] has [%d]", path, row, dim, expectedDim)
                    );
                }
                if (in.readNBytes(values.array(), 0, values.capacity()) < values.capacity()) {
                    throw new EOFException(String.format(Locale.ROOT, "%s: truncated values of row [%d]", path, row));
                }
                values.rewind();
                consumer.accept(values, dim);
            }
        }
    }
}
