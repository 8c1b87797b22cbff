package org.modkern.lib.zlib;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** Compresses into the zlib format (RFC 1950). */
public final class ZlibDeflate {

    private ZlibDeflate() {
    }

    /** The zlib stream of {@code data} at a level from 1 (fast) to 9 (small). */
    public static byte[] deflate(byte[] data, int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }
}
