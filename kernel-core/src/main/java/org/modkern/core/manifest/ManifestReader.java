// Reads a jar's main manifest attributes straight from the zip structure: what depmod does 5,000 times per run.
package org.modkern.core.manifest;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.jar.JarFile;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The main attributes of a jar's {@code META-INF/MANIFEST.MF}, found through the zip central
 * directory and inflated directly, without {@link java.util.jar.JarFile}'s machinery: reading a
 * catalog's manifests is most of what a cold depmod does. Returns null for anything it does not
 * handle plainly (zip64, an unusual manifest), so callers fall back to {@code JarFile}.
 */
final class ManifestReader {

    private static final int EOCD_SIG = 0x06054b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int EOCD_LEN = 22;
    private static final int MAX_TAIL = 0xffff + EOCD_LEN;
    private static final byte[] NAME = "META-INF/MANIFEST.MF".getBytes(StandardCharsets.US_ASCII);
    /** Jars up to this size are read whole, in one call. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    /** The largest manifest read: far past any real module's, far short of a zip bomb's. */
    static final int MAX_MANIFEST = 1 << 22;

    private ManifestReader() {
    }

    /**
     * The main attributes, in the order written, or null if the fast path does not apply.
     *
     * @throws IOException if the file cannot be read
     */
    static Map<String, String> mainAttributes(Path jar) throws IOException, ModuleFormatException {
        byte[] buf = BUFFER.get();
        int n;
        try (FileInputStream in = new FileInputStream(jar.toFile())) {
            n = in.readNBytes(buf, 0, buf.length);
        }
        if (n < buf.length) {
            // the whole jar in one read: a manifest-only module is a few hundred bytes
            return fromMemory(buf, n);
        }
        try (RandomAccessFile f = new RandomAccessFile(jar.toFile(), "r")) {
            long len = f.length();
            if (len < EOCD_LEN || len > Integer.MAX_VALUE) {
                return null;
            }
            int tailLen = (int) Math.min(len, MAX_TAIL);
            byte[] tail = new byte[tailLen];
            f.seek(len - tailLen);
            f.readFully(tail);
            int eocd = endOfCentralDirectory(tail, tailLen);
            if (eocd < 0) {
                return null;
            }
            long cenSize = u32(tail, eocd + 12) & 0xffffffffL;
            long cenOff = u32(tail, eocd + 16) & 0xffffffffL;
            if (cenOff == 0xffffffffL || cenOff + cenSize > len) {
                return null;
            }
            byte[] cen;
            int base;
            long tailStart = len - tailLen;
            if (cenOff >= tailStart) {
                cen = tail;
                base = (int) (cenOff - tailStart);
            } else {
                cen = new byte[(int) cenSize];
                f.seek(cenOff);
                f.readFully(cen);
                base = 0;
            }
            int end = base + (int) cenSize;
            for (int p = base; p + 46 <= end; ) {
                if (u32(cen, p) != CEN_SIG) {
                    return null;
                }
                int method = u16(cen, p + 10);
                long csize = u32(cen, p + 20) & 0xffffffffL;
                long usize = u32(cen, p + 24) & 0xffffffffL;
                int nameLen = u16(cen, p + 28);
                int extraLen = u16(cen, p + 30);
                int commentLen = u16(cen, p + 32);
                long loc = u32(cen, p + 42) & 0xffffffffL;
                if (isManifest(cen, p + 46, nameLen)) {
                    return parse(entry(f, loc, method, csize, usize));
                }
                p += 46 + nameLen + extraLen + commentLen;
            }
            return null;
        }
    }

    /**
     * The main attributes of a jar already in memory, or null if the fast path does not apply.
     *
     * @throws ModuleFormatException if the zip directory lists more than one manifest
     */
    static Map<String, String> mainAttributes(byte[] image) throws ModuleFormatException {
        return fromMemory(image, image.length);
    }

    /**
     * Where the end-of-central-directory record starts in the first {@code len} bytes of
     * {@code b} (the last one, within a comment's reach of the end), or -1.
     */
    private static int endOfCentralDirectory(byte[] b, int len) {
        for (int i = len - EOCD_LEN; i >= Math.max(0, len - MAX_TAIL); i--) {
            if (u32(b, i) == EOCD_SIG) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> fromMemory(byte[] b, int len) throws ModuleFormatException {
        int eocd = endOfCentralDirectory(b, len);
        if (eocd < 0) {
            return null;
        }
        long cenSize = u32(b, eocd + 12) & 0xffffffffL;
        long cenOff = u32(b, eocd + 16) & 0xffffffffL;
        if (cenOff + cenSize > len) {
            return null;
        }
        int end = (int) (cenOff + cenSize);
        int manifest = -1;
        for (int p = (int) cenOff; p + 46 <= end; ) {
            if (u32(b, p) != CEN_SIG) {
                return null;
            }
            int nameLen = u16(b, p + 28);
            if (isManifest(b, p + 46, nameLen)) {
                if (manifest >= 0) {
                    // zip readers differ on which one counts: the framework could read another
                    throw new ModuleFormatException("not a module: more than one META-INF/MANIFEST.MF");
                }
                manifest = p;
            }
            p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
        }
        if (manifest < 0) {
            return null;
        }
        int method = u16(b, manifest + 10);
        long csize = u32(b, manifest + 20) & 0xffffffffL;
        long usize = u32(b, manifest + 24) & 0xffffffffL;
        long loc = u32(b, manifest + 42) & 0xffffffffL;
        if (loc + 30 > len || u32(b, (int) loc) != LOC_SIG) {
            return null;
        }
        long data = loc + 30 + u16(b, (int) loc + 26) + u16(b, (int) loc + 28);
        if (data + csize > len) {
            return null;
        }
        return parse(decode(b, (int) data, (int) csize, method, usize));
    }

    private static byte[] entry(RandomAccessFile f, long loc, int method, long csize, long usize) throws IOException {
        if (csize > MAX_MANIFEST || usize > MAX_MANIFEST) {
            return null;
        }
        byte[] head = new byte[30];
        f.seek(loc);
        f.readFully(head);
        if (u32(head, 0) != LOC_SIG) {
            return null;
        }
        f.seek(loc + 30 + u16(head, 26) + u16(head, 28));
        byte[] data = new byte[(int) csize];
        f.readFully(data);
        return decode(data, 0, data.length, method, usize);
    }

    private static byte[] decode(byte[] data, int off, int csize, int method, long usize) {
        if (usize > MAX_MANIFEST) {
            return null;
        }
        if (method == 0) {
            return csize == usize ? Arrays.copyOfRange(data, off, off + csize) : null;
        }
        if (method != 8) {
            return null;
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data, off, csize);
            byte[] out = new byte[(int) usize];
            int n = 0;
            while (n < out.length && !inf.finished()) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                n += k;
            }
            return n == out.length ? out : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /**
     * The manifest's bytes through {@link ZipFile}, for jars the direct path does not handle;
     * null if there is none. Reads at most {@link #MAX_MANIFEST} bytes, whatever the entry claims.
     *
     * @throws ModuleFormatException if the manifest inflates past that
     */
    static byte[] manifestBytes(ZipFile z) throws IOException, ModuleFormatException {
        ZipEntry e = z.getEntry(JarFile.MANIFEST_NAME);
        for (Enumeration<? extends ZipEntry> all = z.entries(); e == null && all.hasMoreElements(); ) {
            ZipEntry c = all.nextElement();
            e = c.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME) ? c : null;
        }
        if (e == null) {
            return null;
        }
        if (e.getSize() > MAX_MANIFEST || e.getCompressedSize() > MAX_MANIFEST) {
            // the framework sizes its buffer by what the entry claims, whatever it holds
            throw new ModuleFormatException("not a module: manifest larger than " + MAX_MANIFEST + " bytes");
        }
        try (InputStream in = z.getInputStream(e)) {
            byte[] b = in.readNBytes(MAX_MANIFEST + 1);
            if (b.length > MAX_MANIFEST) {
                throw new ModuleFormatException("not a module: manifest larger than " + MAX_MANIFEST + " bytes");
            }
            return b;
        }
    }

    /**
     * The main section: {@code Name: value} lines, a leading blank continuing the previous one;
     * null for a line whose meaning java.util.jar decides.
     */
    static Map<String, String> parse(byte[] b) {
        if (b == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        byte[] value = new byte[256];
        int vlen = 0;
        int i = 0;
        int n = b.length;
        while (i < n) {
            int eol = i;
            while (eol < n && b[eol] != '\n' && b[eol] != '\r') {
                eol++;
            }
            int next = eol < n && b[eol] == '\r' && eol + 1 < n && b[eol + 1] == '\n' ? eol + 2 : eol + 1;
            if (eol == i) {
                break; // blank line: end of the main section
            }
            if (b[i] == ' ') {
                if (name == null) {
                    return null;
                }
                int add = eol - i - 1;
                if (vlen + add > value.length) {
                    value = Arrays.copyOf(value, Math.max(value.length * 2, vlen + add));
                }
                System.arraycopy(b, i + 1, value, vlen, add);
                vlen += add;
            } else {
                if (name != null) {
                    out.put(name, new String(value, 0, vlen, StandardCharsets.UTF_8));
                }
                int colon = i;
                while (colon < eol && b[colon] != ':') {
                    colon++;
                }
                if (colon == i || colon >= eol || (colon + 1 < eol && b[colon + 1] != ' ')) {
                    return null; // JarFile's parser decides what such a line means
                }
                name = new String(b, i, colon - i, StandardCharsets.US_ASCII);
                int vs = Math.min(colon + 2, eol);
                vlen = eol - vs;
                if (vlen > value.length) {
                    value = new byte[vlen * 2];
                }
                System.arraycopy(b, vs, value, 0, vlen);
            }
            i = next;
        }
        if (name != null) {
            out.put(name, new String(value, 0, vlen, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean isManifest(byte[] b, int off, int len) {
        if (len != NAME.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = b[off + i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != NAME[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int u32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
