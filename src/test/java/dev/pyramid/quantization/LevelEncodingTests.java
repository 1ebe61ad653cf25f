package dev.pyramid.quantization;

import org.opensearch.test.OpenSearchTestCase;

/**
 * Segments record a level's encoding by wire number: these numbers are part of the {@code Pyramid1} format and must
 * never change, whatever the order of the enum's constants.
 */
public class LevelEncodingTests extends OpenSearchTestCase {

    public void testWireNumbersAreFrozen() {
        assertEquals(1, LevelEncoding.BINARY.wireNumber());
        assertEquals(2, LevelEncoding.INT4.wireNumber());
        assertEquals(3, LevelEncoding.INT8.wireNumber());
        assertEquals(4, LevelEncoding.FLOAT.wireNumber());
        assertEquals(4, LevelEncoding.values().length);
        for (LevelEncoding encoding : LevelEncoding.values()) {
            assertSame(encoding, LevelEncoding.fromWireNumber(encoding.wireNumber()));
        }
    }

    public void testUnknownWireNumberIsRefused() {
        int wire = randomValueOtherThanMany(n -> n >= 1 && n <= 4, () -> randomIntBetween(-128, 127));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> LevelEncoding.fromWireNumber(wire));
        assertEquals("unknown level encoding wire number [" + wire + "]", e.getMessage());
    }
}
