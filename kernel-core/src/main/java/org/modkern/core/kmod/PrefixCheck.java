// What AliasIndex files with each pattern's gram: where its record is, and a fingerprint of its prefix.
package org.modkern.core.kmod;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The payload {@link AliasIndex} gives {@link GramIndex} for each pattern, so that a candidate
 * found in the gram table can be turned away without reading anything else: the offset of the
 * pattern's record in {@link PatternRecords}, whether the pattern is plain (no wildcard), and a
 * fingerprint of its prefix (the characters before its first wildcard): their count and 12 bits
 * of their hash. A string whose start hashes otherwise, which is shorter than the prefix, or
 * (for a plain pattern) of another length cannot match; about one string in 4,096 that passes
 * wrongly is turned away by the record.
 *
 * <p>Layout, from bit 0: hash (12 bits), prefix length (8 bits; 0 when the prefix is empty or
 * longer than 254, and then nothing is checked), plain (1), record offset (29).
 */
final class PrefixCheck {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HASH_BITS = 12;
    private static final int LENGTH_SHIFT = 12;
    private static final int MAX_LENGTH = 254;
    private static final long PLAIN = 1L << 20;
    private static final int RECORD_SHIFT = 21;
    private static final int RECORD_BITS = GramIndex.PAYLOAD_BITS - RECORD_SHIFT;
    private static final long SEED = 0xCBF29CE484222325L;
    private static final long MUL = 0x9E3779B97F4A7C15L;

    /** Bytes a string's buffer needs after its end for {@link #admits} (and {@link PatternRecords#matches}). */
    static final int PAD = 8;

    private PrefixCheck() {
    }

    /**
     * The payload of a pattern.
     *
     * @param record its record's offset
     * @param prefix its characters before the first wildcard (all of them if plain), each below 256
     */
    static long payload(int record, String prefix, boolean plain) {
        if (record >>> RECORD_BITS != 0) {
            throw new IllegalStateException("alias patterns take more than 2^" + RECORD_BITS + " ints");
        }
        long p = (long) record << RECORD_SHIFT;
        int len = prefix.length();
        if (len == 0 || len > MAX_LENGTH) {
            return p;
        }
        byte[] b = new byte[len + PAD];
        System.arraycopy(prefix.getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, len);
        return p | (plain ? PLAIN : 0) | (long) len << LENGTH_SHIFT | hash(b, len) >>> (64 - HASH_BITS);
    }

    /** The record offset in a payload. */
    static int record(long payload) {
        return (int) (payload >>> RECORD_SHIFT);
    }

    /**
     * False if the string {@code s[0..n)} cannot match the payload's pattern: too short, another
     * length than a plain pattern's, or a start that hashes otherwise than its prefix. {@code s}
     * needs {@link #PAD} bytes to spare after {@code n}.
     */
    static boolean admits(long payload, byte[] s, int n) {
        int len = (int) (payload >>> LENGTH_SHIFT) & 0xff;
        if (len == 0) {
            return true;
        }
        if (len > n || ((payload & PLAIN) != 0 && len != n)) {
            return false;
        }
        return hash(s, len) >>> (64 - HASH_BITS) == (payload & ((1 << HASH_BITS) - 1));
    }

    /** A hash of {@code s[0..len)}, eight bytes at a time; reads (and ignores) up to 7 bytes past {@code len}. */
    private static long hash(byte[] s, int len) {
        long h = SEED;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = mix(h, (long) LONGS.get(s, i));
        }
        if (i < len) {
            h = mix(h, (long) LONGS.get(s, i) & -1L >>> (64 - 8 * (len - i)));
        }
        return h;
    }

    private static long mix(long h, long word) {
        long x = (h ^ word) * MUL;
        return x ^ x >>> 32;
    }
}
