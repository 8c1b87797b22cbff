package org.modkern.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.modkern.api.Errno;

/** The outcomes kept per image: found only for the same bytes, bounded by the bytes kept. */
class VerifiedImagesTest {

    private static final ModuleSignature.Result GOOD = new ModuleSignature.Result(0, null, null);
    private static final ModuleSignature.Result UNSIGNED = new ModuleSignature.Result(Errno.ENODATA, "unsigned module", null);

    private static byte[] image(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anOutcomeIsFoundForTheSameBytesOnly() {
        VerifiedImages v = new VerifiedImages(1 << 20);
        byte[] a = image("module a, signed");
        v.put(a, GOOD);
        assertSame(GOOD, v.get(image("module a, signed")));
        assertNull(v.get(image("module a, signeD")));
        // the kept copy is the bytes as they were: changing the caller's array later changes nothing
        a[0] = 'M';
        assertSame(GOOD, v.get(image("module a, signed")));
        assertNull(v.get(a));
    }

    @Test
    void imagesWithTheSameChecksumAndLengthAreToldApart() {
        VerifiedImages v = new VerifiedImages(1 << 20);
        // these two differ in five bytes yet have the same CRC-32 and length
        byte[] a = {0, 0, 0, 0, 0, 0, 0, 0};
        byte[] b = collidingWith(a);
        v.put(a, GOOD);
        assertNull(v.get(b));
        v.put(b, UNSIGNED);
        assertSame(UNSIGNED, v.get(b));
        assertNull(v.get(a), "one slot per checksum: the newer image took it");
    }

    @Test
    void theLeastRecentlyLoadedImagesGoFirstOverCapacity() {
        VerifiedImages v = new VerifiedImages(30);
        byte[] a = image("aaaaaaaaaa");
        byte[] b = image("bbbbbbbbbb");
        byte[] c = image("cccccccccc");
        v.put(a, GOOD);
        v.put(b, GOOD);
        v.put(c, GOOD);
        v.get(a);
        v.put(image("dddddddddd"), UNSIGNED);
        assertNull(v.get(b));
        assertSame(GOOD, v.get(a));
        assertSame(GOOD, v.get(c));
        assertEquals(30, v.bytes());
        v.put(new byte[31], GOOD);
        assertNull(v.get(new byte[31]), "an image larger than the capacity is not kept");
        assertEquals(30, v.bytes());
    }

    /**
     * An image of the same length and CRC-32 as {@code a}: CRC-32 is linear, and a difference that
     * is the CRC polynomial itself (x^32 + ... + 1, bytes least significant bit first) adds nothing.
     */
    private static byte[] collidingWith(byte[] a) {
        byte[] b = a.clone();
        byte[] polynomial = {0x41, 0x06, 0x71, (byte) 0xdb, 0x01};
        for (int i = 0; i < polynomial.length; i++) {
            b[i] ^= polynomial[i];
        }
        java.util.zip.CRC32 ca = new java.util.zip.CRC32();
        java.util.zip.CRC32 cb = new java.util.zip.CRC32();
        ca.update(a);
        cb.update(b);
        assertEquals(ca.getValue(), cb.getValue(), "the test's two images must share a CRC-32");
        return b;
    }
}
