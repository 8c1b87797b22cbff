// The candidate filter behind AliasIndex: each pattern filed under one 8- or 4-character piece it requires.
package org.modkern.core.kmod;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.function.LongConsumer;

/**
 * Finds the patterns worth matching against a string without looking at the others. Every
 * pattern is filed under one gram — 8 (else 4) consecutive literal characters any matching
 * string must contain — chosen as the gram fewest patterns share, with the position where it
 * must appear when it lies in the pattern's anchored prefix. A lookup slides a 64-bit window
 * over the string (characters are bytes) and tests each window against a blocked bloom filter
 * (three bits in one 64-bit word, about 32 bits per gram) small enough to stay in a core's
 * cache; only the rare windows that pass go to the table, where a gram and its patterns share
 * a cache line.
 *
 * <p>What the table holds per pattern is an <em>entry</em>: the pattern's anchor (see
 * {@link #anchoredAt}) and a payload of the caller's, up to {@link #PAYLOAD_BITS} bits, with
 * which the caller can turn a candidate away before reading anything else. Immutable once
 * built.
 */
final class GramIndex {

    /** The bits of the payload an entry carries. */
    static final int PAYLOAD_BITS = 50;

    private static final int ANCHOR_BITS = 12;
    /** Anchors from this position on are not recorded: such grams are looked up everywhere. */
    private static final int MAX_ANCHOR = (1 << ANCHOR_BITS) - 2;
    /** Set in every entry, so that no entry is 0, the table's "nothing". */
    private static final long ENTRY = 1L << 62;
    private static final int BLOOM_BITS_PER_GRAM = 32;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final long[] bloom;
    private final int bloomShift;
    /** Slot i: table[2i] the gram, table[2i+1] what is filed under it (see {@link #find}). */
    private final long[] table;
    private final int tableShift;
    private final int mask;
    private final long[] entries;
    private final Scan wide;
    private final Scan narrow;

    /**
     * Where grams of one width are worth looking up in a string: at every position if some
     * float, else only at the positions where some are anchored (sorted).
     */
    private record Scan(boolean everywhere, int[] anchors) {

        /** Gathers the anchors (-1 for none) of the grams of one width. */
        static final class Collector {
            private boolean floating;
            private final BitSet anchored = new BitSet();

            void add(int pos) {
                if (pos < 0) {
                    floating = true;
                } else {
                    anchored.set(pos);
                }
            }

            Scan scan() {
                return new Scan(floating, floating ? new int[0] : anchored.stream().toArray());
            }
        }
    }

    private GramIndex(long[] bloom, long[] table, long[] entries, Scan wide, Scan narrow) {
        this.bloom = bloom;
        this.bloomShift = 64 - Integer.numberOfTrailingZeros(bloom.length);
        this.table = table;
        this.tableShift = 64 - Integer.numberOfTrailingZeros(table.length / 2);
        this.mask = table.length / 2 - 1;
        this.entries = entries;
        this.wide = wide;
        this.narrow = narrow;
    }

    /** True if the grams of {@code width} (8 or 4) are worth looking up at every position of a string. */
    boolean everywhere(int width) {
        return scan(width).everywhere();
    }

    /**
     * Otherwise, the positions where they are (sorted; empty if no pattern has a gram of that
     * width). Callers must not modify the array.
     */
    int[] anchors(int width) {
        return scan(width).anchors();
    }

    private Scan scan(int width) {
        return width == 8 ? wide : narrow;
    }

    /** The gram of {@code width} (8 or 4) bytes at {@code s[i..]}, packed as {@link #gram} packs it. */
    static long gramAt(byte[] s, int i, int width) {
        return width == 8 ? (long) LONGS.get(s, i) : (int) INTS.get(s, i) & 0xffffffffL;
    }

    /**
     * Which of the (up to 64) grams of {@code width} bytes starting at {@code s[from..]} and
     * ending by {@code n} may be in the index: bit {@code i} for the one at {@code from + i}.
     * Branch-free, so that the mostly failing tests cost no mispredictions.
     */
    long mayHold(byte[] s, int from, int n, int width) {
        long[] b = bloom;
        int shift = bloomShift;
        int end = Math.min(64, n - width - from + 1);
        long bits = 0;
        for (int i = 0; i < end; i++) {
            long h = gramAt(s, from + i, width) * GOLDEN;
            long word = b[(int) (h >>> shift)];
            long pass = word >>> (h >>> (shift - 6)) & word >>> (h >>> (shift - 12)) & word >>> (h >>> (shift - 18)) & 1;
            bits |= pass << i;
        }
        return bits;
    }

    /**
     * What is filed under a gram (its characters packed as {@link #gram} packs them), best asked
     * when {@link #mayHold} lets it through: 0 for nothing, a positive value for the one entry
     * there, a negative one for several, read with {@link #rangeStart}, {@link #rangeEnd} and
     * {@link #entry}.
     */
    long find(long gram) {
        long[] t = table;
        for (int slot = (int) ((gram * GOLDEN) >>> tableShift); ; slot = (slot + 1) & mask) {
            long k = t[2 * slot];
            if (k == gram) {
                return t[2 * slot + 1];
            }
            if (k == 0) {
                return 0;
            }
        }
    }

    /**
     * A gram's three bits in its bloom word, taken from the hash bits just below the word's
     * index ({@code shift} is where that starts).
     */
    private static long bloomBits(long h, int shift) {
        return 1L << (h >>> (shift - 6)) | 1L << (h >>> (shift - 12)) | 1L << (h >>> (shift - 18));
    }

    private static boolean isWide(long gram) {
        return gram >>> 32 != 0;
    }

    /** The first index, for {@link #entry}, of a negative {@link #find} result. */
    static int rangeStart(long found) {
        return (int) (~found >>> 32);
    }

    /** The index after the last of a negative {@link #find} result. */
    static int rangeEnd(long found) {
        return rangeStart(found) + (int) ~found;
    }

    /** One entry of a range. */
    long entry(int i) {
        return entries[i];
    }

    /** True if an entry's gram may be where it was found: anywhere, or at its anchor. */
    static boolean anchoredAt(long entry, int pos) {
        int anchor = (int) entry & ((1 << ANCHOR_BITS) - 1);
        return anchor == 0 || anchor == pos + 1;
    }

    /** The caller's payload in an entry. */
    static long payload(long entry) {
        return (entry & ~ENTRY) >>> ANCHOR_BITS;
    }

    private static long entry(long payload, int pos) {
        return ENTRY | payload << ANCHOR_BITS | (pos + 1);
    }

    /**
     * Packs {@code width} characters of {@code s} from {@code from} as one key, the first lowest
     * (as a little-endian load of bytes). Grams hold no NUL, so an 8-character gram's high half
     * is never 0 and no key of one width is a key of the other.
     */
    static long gram(CharSequence s, int from, int width) {
        long g = 0;
        for (int i = 0; i < width; i++) {
            g |= (long) (s.charAt(from + i) & 0xff) << (8 * i);
        }
        return g;
    }

    /**
     * Chooses each pattern's gram and builds the index. Give it every pattern's literal runs
     * ({@link #add}), then call {@link #build}.
     */
    static final class Builder {
        private final long[] payloads;
        private final String[][] runs;
        private final int[][] offsets;
        private final LongCounter counts = new LongCounter();
        private int patterns;

        Builder(int capacity) {
            this.payloads = new long[capacity];
            this.runs = new String[capacity][];
            this.offsets = new int[capacity][];
        }

        /**
         * Adds a pattern by the literal runs its matches must contain.
         *
         * @param payload what its entry carries, below 2<sup>{@link #PAYLOAD_BITS}</sup>
         * @param runOffsets for each run, the position it must appear at, or -1 if it floats
         */
        void add(long payload, String[] patternRuns, int[] runOffsets) {
            if (payload >>> PAYLOAD_BITS != 0) {
                throw new IllegalArgumentException("payload too wide: " + payload);
            }
            payloads[patterns] = payload;
            runs[patterns] = patternRuns;
            offsets[patterns] = runOffsets;
            patterns++;
            int width = width(patternRuns);
            for (String r : patternRuns) {
                for (int j = 0; width > 0 && j + width <= r.length(); j++) {
                    if (!hasNul(r, j, width)) {
                        counts.add(gram(r, j, width), 1);
                    }
                }
            }
        }

        /**
         * The index; {@code unindexed} receives the payloads of the patterns with no gram to
         * file under: no 4 literal characters in a row without a NUL (they have to be tried on
         * every string).
         */
        GramIndex build(LongConsumer unindexed) {
            long[] chosenKey = new long[patterns];
            int[] chosenPos = new int[patterns];
            Scan.Collector wide = new Scan.Collector();
            Scan.Collector narrow = new Scan.Collector();
            LongCounter distinct = new LongCounter();
            for (int p = 0; p < patterns; p++) {
                int width = width(runs[p]);
                if (!choose(p, width, chosenKey, chosenPos) && !(width == 8 && choose(p, 4, chosenKey, chosenPos))) {
                    unindexed.accept(payloads[p]);
                    continue;
                }
                distinct.add(chosenKey[p], 1);
                (isWide(chosenKey[p]) ? wide : narrow).add(chosenPos[p]);
            }
            int cap = Integer.highestOneBit(Math.max(16, distinct.size() * 10 / 7)) << 1;
            int tableShift = 64 - Integer.numberOfTrailingZeros(cap);
            long[] keys = new long[cap];
            int[] count = new int[cap];
            for (int p = 0; p < patterns; p++) {
                if (chosenKey[p] != 0) {
                    count[slot(keys, tableShift, chosenKey[p])]++;
                }
            }
            int[] start = new int[cap];
            int total = 0;
            for (int s = 0; s < cap; s++) {
                start[s] = total;
                total += count[s] > 1 ? count[s] : 0;
            }
            long[] entries = new long[total];
            long[] table = new long[2 * cap];
            int[] fill = start.clone();
            long[] bloom = new long[bloomWords(distinct.size())];
            int bloomShift = 64 - Integer.numberOfTrailingZeros(bloom.length);
            for (int p = 0; p < patterns; p++) {
                if (chosenKey[p] == 0) {
                    continue;
                }
                int s = slot(keys, tableShift, chosenKey[p]);
                long e = entry(payloads[p], chosenPos[p]);
                if (count[s] > 1) {
                    entries[fill[s]++] = e;
                    e = ~((long) start[s] << 32 | count[s]);
                }
                table[2 * s] = keys[s];
                table[2 * s + 1] = e;
                long h = chosenKey[p] * GOLDEN;
                bloom[(int) (h >>> bloomShift)] |= bloomBits(h, bloomShift);
            }
            return new GramIndex(bloom, table, entries, wide.scan(), narrow.scan());
        }

        /**
         * Picks pattern {@code p}'s gram of {@code width} characters: the one fewest patterns
         * share, preferring one at a fixed place between equals (it filters more).
         *
         * @return false if it has none
         */
        private boolean choose(int p, int width, long[] chosenKey, int[] chosenPos) {
            long best = 0;
            int bestPos = -1;
            int bestCount = Integer.MAX_VALUE;
            for (int k = 0; width > 0 && k < runs[p].length; k++) {
                String r = runs[p][k];
                for (int j = 0; j + width <= r.length(); j++) {
                    if (hasNul(r, j, width)) {
                        continue;
                    }
                    long g = gram(r, j, width);
                    int c = counts.get(g);
                    int pos = offsets[p][k] < 0 || offsets[p][k] + j > MAX_ANCHOR ? -1 : offsets[p][k] + j;
                    if (c < bestCount || (c == bestCount && bestPos < 0 && pos >= 0)) {
                        best = g;
                        bestPos = pos;
                        bestCount = c;
                    }
                }
            }
            chosenKey[p] = best;
            chosenPos[p] = bestPos;
            return best != 0;
        }

        /** True if {@code r[from..from+len)} holds a NUL character: grams never do (0 is the table's empty key). */
        private static boolean hasNul(String r, int from, int len) {
            for (int i = from; i < from + len; i++) {
                if (r.charAt(i) == 0) {
                    return true;
                }
            }
            return false;
        }

        /** 8 if some run has 8 characters, else 4 if some has 4, else 0. */
        private static int width(String[] rs) {
            int max = 0;
            for (String r : rs) {
                max = Math.max(max, r.length());
            }
            return max >= 8 ? 8 : max >= 4 ? 4 : 0;
        }

        /** Bloom words for {@code grams} keys: a power of two, at least 64. */
        private static int bloomWords(int grams) {
            long words = Math.max(64, (long) grams * BLOOM_BITS_PER_GRAM / 64);
            return (int) Math.min(1 << 26, Long.highestOneBit(words - 1) << 1);
        }

        /** The key's slot, claimed if free. */
        private static int slot(long[] keys, int shift, long key) {
            int m = keys.length - 1;
            int s = (int) ((key * GOLDEN) >>> shift);
            while (keys[s] != 0 && keys[s] != key) {
                s = (s + 1) & m;
            }
            keys[s] = key;
            return s;
        }
    }

    /** A long to count map, open addressing; 0 is never a key (grams hold no NUL character). */
    static final class LongCounter {
        private long[] keys = new long[1024];
        private int[] values = new int[1024];
        private int size;

        void add(long key, int delta) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int m = keys.length - 1;
            int s = (int) ((key * GOLDEN) >>> 32) & m;
            while (keys[s] != 0 && keys[s] != key) {
                s = (s + 1) & m;
            }
            if (keys[s] == 0) {
                keys[s] = key;
                size++;
            }
            values[s] += delta;
        }

        int get(long key) {
            int m = keys.length - 1;
            for (int s = (int) ((key * GOLDEN) >>> 32) & m; keys[s] != 0; s = (s + 1) & m) {
                if (keys[s] == key) {
                    return values[s];
                }
            }
            return 0;
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] ok = keys;
            int[] ov = values;
            keys = new long[ok.length * 2];
            values = new int[ok.length * 2];
            size = 0;
            for (int i = 0; i < ok.length; i++) {
                if (ok[i] != 0) {
                    add(ok[i], ov[i]);
                }
            }
        }
    }
}
