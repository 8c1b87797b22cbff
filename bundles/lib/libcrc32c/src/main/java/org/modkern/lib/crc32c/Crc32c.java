package org.modkern.lib.crc32c;

import java.util.zip.CRC32C;

/** CRC32c of byte ranges, Linux's {@code crc32c()}. */
public final class Crc32c {

    private Crc32c() {
    }

    /** The CRC32c of {@code data[off, off+len)}. */
    public static int crc32c(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /** The CRC32c of all of {@code data}. */
    public static int crc32c(byte[] data) {
        return crc32c(data, 0, data.length);
    }
}
