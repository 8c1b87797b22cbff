// The signature check's outcomes for the module images already checked this boot.
package org.modkern.core.signing;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.zip.CRC32;

/**
 * What the signature check found for module images seen before. The outcome depends only on the
 * image's bytes and on the keyring, which does not change once read, so the same module loaded
 * again after an rmmod need not be verified again. An image is looked up by its CRC-32 and length
 * and then compared byte for byte: a different image is never taken for one seen before. The
 * images kept are bounded by their total size, the least recently loaded dropped first.
 */
final class VerifiedImages {

    private record Seen(byte[] image, ModuleSignature.Result result) {
    }

    private final long capacity;
    private final LinkedHashMap<Long, Seen> seen = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** @param capacity the most image bytes kept */
    VerifiedImages(long capacity) {
        this.capacity = capacity;
    }

    /** The outcome found for exactly these bytes, or null. */
    synchronized ModuleSignature.Result get(byte[] image) {
        Seen s = seen.get(key(image));
        return s != null && Arrays.equals(s.image(), image) ? s.result() : null;
    }

    /** Keeps the outcome for these bytes (a copy of them), dropping the least recently loaded images over capacity. */
    synchronized void put(byte[] image, ModuleSignature.Result result) {
        if (image.length > capacity) {
            return;
        }
        Seen old = seen.put(key(image), new Seen(image.clone(), result));
        bytes += image.length - (old == null ? 0 : old.image().length);
        for (Iterator<Seen> it = seen.values().iterator(); bytes > capacity && it.hasNext();) {
            bytes -= it.next().image().length;
            it.remove();
        }
    }

    /** How many image bytes are kept. */
    synchronized long bytes() {
        return bytes;
    }

    private static Long key(byte[] image) {
        CRC32 crc = new CRC32();
        crc.update(image, 0, image.length);
        return crc.getValue() << 32 | image.length & 0xffffffffL;
    }
}
