package dev.pyramid.quantization;

import java.util.Arrays;
import java.util.Locale;

/**
 * How one level of a pyramid encodes each coordinate. Segments record a level's encoding by its
 * {@link #wireNumber()}, never by {@link #ordinal()}, so that constants can be reordered or added freely.
 */
public enum LevelEncoding {
    /** One bit per dimension (sign after centring and rotation); scored by Hamming distance plus corrections. */
    BINARY("binary", 1, 1),
    /** Four bits per dimension, scalar quantized with per-vector corrections. */
    INT4("int4", 2, 4),
    /** Eight bits per dimension, scalar quantized with per-vector corrections. */
    INT8("int8", 3, 8),
    /** Full precision float32: the finest level, read only to rescore a few candidates. */
    FLOAT("float", 4, 32);

    private final String jsonName;
    private final int wireNumber;
    private final int bitsPerDimension;

    LevelEncoding(String jsonName, int wireNumber, int bitsPerDimension) {
        this.jsonName = jsonName;
        this.wireNumber = wireNumber;
        this.bitsPerDimension = bitsPerDimension;
    }

    /** The name used in mappings, e.g. {@code "int4"}. */
    public String jsonName() {
        return jsonName;
    }

    /** The number stored in segment metadata for this encoding. */
    public int wireNumber() {
        return wireNumber;
    }

    public int bitsPerDimension() {
        return bitsPerDimension;
    }

    public static LevelEncoding fromJsonName(String name) {
        for (LevelEncoding encoding : values()) {
            if (encoding.jsonName.equals(name)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "unknown encoding [%s], expected one of %s", name, Arrays.toString(jsonNames()))
        );
    }

    public static LevelEncoding fromWireNumber(int wireNumber) {
        for (LevelEncoding encoding : values()) {
            if (encoding.wireNumber == wireNumber) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown level encoding wire number [" + wireNumber + "]");
    }

    static String[] jsonNames() {
        return Arrays.stream(values()).map(LevelEncoding::jsonName).toArray(String[]::new);
    }
}
