package dev.pyramid.quantization;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One level of a pyramid: how many leading dimensions it keeps (Matryoshka prefix) and how it encodes them.
 *
 * @param dims     the number of leading dimensions this level encodes, 1..dimension
 * @param encoding how each kept dimension is encoded
 */
public record LevelSpec(int dims, LevelEncoding encoding) {

    public static final String DIMS = "dims";
    public static final String ENCODING = "encoding";

    public LevelSpec {
        if (encoding == null) {
            throw new IllegalArgumentException("level encoding must not be null");
        }
    }

    /** Bits this level stores per vector, corrections excluded. */
    public long bitsPerVector() {
        return (long) dims * encoding.bitsPerDimension();
    }

    /** The mapping form, {@code {"dims": n, "encoding": "int4"}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(DIMS, dims);
        map.put(ENCODING, encoding.jsonName());
        return map;
    }

    @Override
    public String toString() {
        return encoding.jsonName() + "@" + dims;
    }
}
