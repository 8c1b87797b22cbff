package org.modkern.lib.crc16;

/** CRC16 with Linux's {@code crc16(crc, buffer, len)} semantics. */
public final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xA001 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc16() {
    }

    /** Continues {@code crc} over {@code data[off, off+len)}. */
    public static int crc16(int crc, byte[] data, int off, int len) {
        int c = crc & 0xFFFF;
        for (int i = off; i < off + len; i++) {
            c = (c >>> 8) ^ TABLE[(c ^ data[i]) & 0xFF];
        }
        return c;
    }
}
