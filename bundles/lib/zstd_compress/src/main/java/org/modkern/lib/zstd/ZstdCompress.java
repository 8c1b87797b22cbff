package org.modkern.lib.zstd;

import java.io.ByteArrayOutputStream;

/**
 * Writes Zstandard frames (RFC 8878) made of raw blocks: valid zstd that any decoder reads,
 * without entropy coding, the format's level-0 "store".
 */
public final class ZstdCompress {

    /** The frame magic number, little-endian on the wire. */
    public static final int MAGIC = 0xFD2FB528;

    private static final int MAX_BLOCK = 128 * 1024;

    private ZstdCompress() {
    }

    /** One single-segment frame holding {@code data} in raw blocks. */
    public static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        le(out, MAGIC, 4);
        // Frame_Header_Descriptor: 4-byte Frame_Content_Size, Single_Segment, no checksum, no dictionary
        out.write(0xA0);
        le(out, data.length, 4);
        int off = 0;
        do {
            int size = Math.min(MAX_BLOCK, data.length - off);
            boolean last = off + size == data.length;
            // Block_Header: Last_Block bit, Block_Type 0 (raw), Block_Size
            le(out, (size << 3) | (last ? 1 : 0), 3);
            out.write(data, off, size);
            off += size;
        } while (off < data.length);
        return out.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, int v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((v >>> (8 * i)) & 0xFF);
        }
    }
}
