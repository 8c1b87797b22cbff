// AliasIndex's patterns packed one record each in a single long array, and matched from there eight bytes at a time.
package org.modkern.core.kmod;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every alias pattern as one record in one long array, so that checking a candidate reads one
 * or two cache lines and follows no pointer, and compares eight bytes at a time.
 *
 * <p>A pattern is kept as the pieces between its stars, its <em>segments</em>: the first
 * (its prefix, then whatever comes before the first star) must match where the string starts,
 * the last where it ends, and each one between at its leftmost place after the one before (a
 * later place never leaves more room for the rest, so this is exactly {@code fnmatch}). A
 * pattern without a star is one segment, which must be the whole string.
 *
 * <p>A record is one word, the pattern's id (high half) and module (low half), then its
 * segments. A segment of up to 7 literal bytes is one word: the bytes from the lowest, its
 * length in the top byte. Any other starts with a header word ({@link #LONG}, its length, its
 * number of bracket expressions, whether it has a mask), then its bytes eight to a word, then
 * as many mask words if it has a '?' or a bracket (bytes there are compared by the mask as 0),
 * then for each bracket expression its offset and a 256-bit bitmap ({@link Glob#byteSet}). The
 * last segment's header has {@link #LAST} set. Records are laid out in the order they are
 * added, which {@link AliasIndex} makes its result order: sorting record offsets sorts results.
 * Immutable once built.
 */
final class PatternRecords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Top-byte flag of a segment's header word: not a short one. */
    private static final long LONG = 1L << 63;
    /** Top-byte flag of a segment's header word: the pattern's last segment. */
    private static final long LAST = 1L << 62;
    /** In a long segment's header: it has mask words. */
    private static final long MASKED = 1L << 32;
    private static final int SHORT_MAX = 7;
    private static final int SET_WORDS = 5;

    private final long[] pool;

    private PatternRecords(long[] pool) {
        this.pool = pool;
    }

    /** The id the pattern of record {@code r} was added with. */
    int id(int r) {
        return (int) (pool[r] >>> 32);
    }

    /** The module of record {@code r}. */
    int module(int r) {
        return (int) pool[r];
    }

    /**
     * True if record {@code r}'s pattern matches the string {@code s[0..n)}. {@code s} must have
     * {@link PrefixCheck#PAD} bytes to spare after {@code n}, which are read and ignored.
     */
    boolean matches(int r, byte[] s, int n) {
        long[] p = pool;
        int at = r + 1;
        int len = length(p[at]);
        if ((p[at] & LAST) != 0) {
            return len == n && segmentAt(p, at, s, 0);
        }
        if (len > n || !segmentAt(p, at, s, 0)) {
            return false;
        }
        int si = len;
        for (at = next(p, at); (p[at] & LAST) == 0; at = next(p, at)) {
            len = length(p[at]);
            int found = leftmost(p, at, s, si, n - len);
            if (found < 0) {
                return false;
            }
            si = found + len;
        }
        len = length(p[at]);
        return len <= n - si && segmentAt(p, at, s, n - len);
    }

    /** True if the segment at {@code p[at]} matches the bytes from {@code pos} (which has room for it). */
    private static boolean segmentAt(long[] p, int at, byte[] s, int pos) {
        long h = p[at];
        if ((h & LONG) == 0) {
            return ((word(s, pos) ^ h) & shortMask(h)) == 0;
        }
        int len = length(h);
        int words = words(len);
        boolean masked = (h & MASKED) != 0;
        for (int w = 0; w < words; w++) {
            long mask = masked ? p[at + 1 + words + w] : w + 1 < words ? -1L : tailMask(len);
            if (((word(s, pos + 8 * w) ^ p[at + 1 + w]) & mask) != 0) {
                return false;
            }
        }
        int q = at + 1 + (masked ? 2 : 1) * words;
        for (int k = sets(h); k > 0; k--, q += SET_WORDS) {
            int b = s[pos + (int) p[q]] & 0xff;
            if ((p[q + 1 + (b >>> 6)] >>> b & 1) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first place in {@code [from, last]} where the segment at {@code p[at]} matches, or -1;
     * places are screened by the segment's first eight bytes.
     */
    private static int leftmost(long[] p, int at, byte[] s, int from, int last) {
        long h = p[at];
        boolean isShort = (h & LONG) == 0;
        long first = isShort ? h : p[at + 1];
        long mask = isShort ? shortMask(h) : (h & MASKED) != 0 ? p[at + 1 + words(length(h))] : length(h) >= 8 ? -1L : tailMask(length(h));
        for (int pos = from; pos <= last; pos++) {
            if (((word(s, pos) ^ first) & mask) == 0 && (isShort || segmentAt(p, at, s, pos))) {
                return pos;
            }
        }
        return -1;
    }

    /** The index after the segment at {@code p[at]}. */
    private static int next(long[] p, int at) {
        long h = p[at];
        if ((h & LONG) == 0) {
            return at + 1;
        }
        return at + 1 + ((h & MASKED) != 0 ? 2 : 1) * words(length(h)) + SET_WORDS * sets(h);
    }

    private static int length(long header) {
        return (header & LONG) == 0 ? (int) (header >>> 56) & SHORT_MAX : (int) header & 0xffff;
    }

    private static int sets(long header) {
        return (int) (header >>> 16) & 0xffff;
    }

    /** The mask of a short segment's bytes (0 for the empty segment, which matches anywhere). */
    private static long shortMask(long header) {
        int len = length(header);
        return len == 0 ? 0 : tailMask(len);
    }

    /** The mask of the first {@code len % 8} bytes of a word (all of them when that is 0). */
    private static long tailMask(int len) {
        int rest = len & 7;
        return rest == 0 ? -1L : -1L >>> (64 - 8 * rest);
    }

    private static int words(int len) {
        return (len + 7) >>> 3;
    }

    private static long word(byte[] s, int pos) {
        return (long) LONGS.get(s, pos);
    }

    /** A builder: add records, then {@link Builder#build()}. */
    static Builder builder() {
        return new Builder();
    }

    /** Packs records; not thread-safe. */
    static final class Builder {
        private long[] pool = new long[256];
        private int used;

        private Builder() {
        }

        /**
         * Adds a pattern's record.
         *
         * @param prefix the characters before the first wildcard, each below 256
         * @param rest the pattern from its first wildcard on, or null for a plain pattern; its
         *        literal characters below 256 and no construct glibc refuses ({@link Glob#segments})
         * @return the record's offset
         */
        int add(int id, int module, String prefix, Glob rest) {
            int[][] segments = rest == null ? new int[][] {new int[0]} : rest.segments();
            int[] first = new int[prefix.length() + segments[0].length];
            for (int i = 0; i < prefix.length(); i++) {
                first[i] = prefix.charAt(i);
            }
            System.arraycopy(segments[0], 0, first, prefix.length(), segments[0].length);
            segments[0] = first;
            int r = used;
            append((long) id << 32 | (module & 0xffffffffL));
            for (int k = 0; k < segments.length; k++) {
                addSegment(segments[k], rest, k == segments.length - 1);
            }
            return r;
        }

        private void addSegment(int[] elements, Glob glob, boolean last) {
            int len = elements.length;
            boolean masked = false;
            int sets = 0;
            for (int e : elements) {
                if (e > 0xff) {
                    throw new IllegalArgumentException("pattern character beyond a byte: " + e);
                }
                masked |= e < 0;
                sets += e < Glob.ANY_ELEMENT ? 1 : 0;
            }
            long flag = last ? LAST : 0;
            if (!masked && len <= SHORT_MAX) {
                append(bytes(elements, 0) | (long) len << 56 | flag);
                return;
            }
            if (len > 0xffff) {
                throw new IllegalArgumentException("pattern segment of " + len + " characters");
            }
            append(LONG | flag | (masked ? MASKED : 0) | (long) sets << 16 | len);
            for (int w = 0; w < words(len); w++) {
                append(bytes(elements, 8 * w));
            }
            for (int w = 0; masked && w < words(len); w++) {
                append(mask(elements, 8 * w));
            }
            for (int i = 0; i < len; i++) {
                if (elements[i] < Glob.ANY_ELEMENT) {
                    append(i);
                    for (long bits : glob.byteSet(-2 - elements[i])) {
                        append(bits);
                    }
                }
            }
        }

        /** The literal bytes of {@code elements[from..from+8)} as a little-endian word, 0 elsewhere. */
        private static long bytes(int[] elements, int from) {
            long w = 0;
            for (int i = from; i < Math.min(from + 8, elements.length); i++) {
                if (elements[i] >= 0) {
                    w |= (long) elements[i] << (8 * (i - from));
                }
            }
            return w;
        }

        /** The mask word of {@code elements[from..from+8)}: 0xff under each literal byte. */
        private static long mask(int[] elements, int from) {
            long w = 0;
            for (int i = from; i < Math.min(from + 8, elements.length); i++) {
                if (elements[i] >= 0) {
                    w |= 0xffL << (8 * (i - from));
                }
            }
            return w;
        }

        private void append(long word) {
            if (used == pool.length) {
                pool = Arrays.copyOf(pool, 2 * pool.length);
            }
            pool[used++] = word;
        }

        PatternRecords build() {
            return new PatternRecords(Arrays.copyOf(pool, used));
        }
    }
}
