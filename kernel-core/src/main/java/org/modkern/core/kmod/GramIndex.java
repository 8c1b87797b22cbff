// The candidate filter behind AliasIndex: each pattern filed under one 8- or 4-character piece it requires.
package org.modkern.core.kmod;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Finds the patterns worth matching against a string without looking at the others. Every
 * pattern is filed under one gram — 8 (else 4) consecutive literal characters any matching
 * string must contain — chosen as the gram fewest patterns share, with the position where it
 * must appear when it lies in the pattern's anchored prefix. A lookup slides a 64-bit window
 * over the string (characters are bytes) and tests each window against a bitmap small enough to
 * stay in a core's cache; only the rare windows that pass go to the table, where a gram and its
 * patterns share a cache line. Immutable once built.
 */
final class GramIndex {

    private static final int BLOOM_BITS = 21;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long[] bloom;
    /** Slot i: table[2i] the gram, table[2i+1] its patterns (see {@link #value}). */
    private final long[] table;
    private final int[] entryPattern;
    private final int[] entryPos;
    private final int mask;
    private final Scan scan8;
    private final Scan scan4;

    /** Where grams of one width are worth looking up: everywhere, or only where some are anchored. */
    private record Scan(boolean any, boolean floating, long anchoredBelow64, boolean anchoredBeyond) {
        boolean at(int pos) {
            return floating || (pos < 64 ? (anchoredBelow64 >>> pos & 1) != 0 : anchoredBeyond);
        }
    }

    private GramIndex(long[] bloom, long[] table, int[] entryPattern, int[] entryPos, Scan scan8, Scan scan4) {
        this.bloom = bloom;
        this.table = table;
        this.entryPattern = entryPattern;
        this.entryPos = entryPos;
        this.mask = table.length / 2 - 1;
        this.scan8 = scan8;
        this.scan4 = scan4;
    }

    /**
     * A slot's value: for one pattern (most grams) {@code (pos + 1) << 32 | id}, pos being -1
     * when the gram may be anywhere; for several, {@code -1 - (start << 24 | count)}, a range of
     * the entry arrays.
     */
    private static long value(int start, int count, int single, int singlePos) {
        return count == 1 ? (long) (singlePos + 1) << 32 | single : -1 - ((long) start << 24 | count);
    }

    /** Adds to {@code out} every pattern filed under a gram of {@code s} (possibly twice). */
    void collect(byte[] s, Candidates out) {
        int n = s.length;
        long w = 0;
        boolean any8 = scan8.any();
        boolean any4 = scan4.any();
        for (int i = 0; i < n; i++) {
            w = w << 8 | (s[i] & 0xff);
            if (any8 && i >= 7 && scan8.at(i - 7)) {
                check(w, i - 7, out);
            }
            if (any4 && i >= 3 && scan4.at(i - 3)) {
                check(w & 0xffffffffL, i - 3, out);
            }
        }
    }

    private void check(long gram, int pos, Candidates out) {
        int bit = (int) ((gram * GOLDEN) >>> (64 - BLOOM_BITS));
        if ((bloom[bit >>> 6] & 1L << bit) != 0) {
            lookup(gram, pos, out);
        }
    }

    /** The table's patterns for a gram that passed the bitmap, those wanted at this position. */
    private void lookup(long gram, int pos, Candidates out) {
        long h = gram * GOLDEN;
        long[] t = table;
        for (int slot = (int) (h >>> 32) & mask; t[2 * slot] != 0; slot = (slot + 1) & mask) {
            if (t[2 * slot] == gram) {
                long v = t[2 * slot + 1];
                if (v >= 0) {
                    int p = (int) (v >>> 32) - 1;
                    if (p < 0 || p == pos) {
                        out.add((int) v);
                    }
                    return;
                }
                long r = -1 - v;
                int start = (int) (r >>> 24);
                int end = start + (int) (r & 0xffffff);
                for (int e = start; e < end; e++) {
                    int p = entryPos[e];
                    if (p < 0 || p == pos) {
                        out.add(entryPattern[e]);
                    }
                }
                return;
            }
        }
    }

    /** Packs {@code width} characters of {@code s} from {@code from} as one key, the first highest. */
    static long gram(CharSequence s, int from, int width) {
        long g = 0;
        for (int i = 0; i < width; i++) {
            g = g << 8 | (s.charAt(from + i) & 0xff);
        }
        return g;
    }

    /** Pattern ids collected during one lookup. */
    static final class Candidates {
        int[] ids = new int[16];
        int size;

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        /** The ids sorted, each once. */
        int[] sortedUnique() {
            Arrays.sort(ids, 0, size);
            int k = 0;
            for (int i = 0; i < size; i++) {
                if (k == 0 || ids[k - 1] != ids[i]) {
                    ids[k++] = ids[i];
                }
            }
            return Arrays.copyOf(ids, k);
        }
    }

    /**
     * Chooses each pattern's gram and builds the index. Give it every pattern's literal runs
     * ({@link #addRuns}), then call {@link #build}.
     */
    static final class Builder {
        private final int patterns;
        private final String[][] runs;
        private final int[][] offsets;
        private final LongCounter counts = new LongCounter();

        Builder(int patterns) {
            this.patterns = patterns;
            this.runs = new String[patterns][];
            this.offsets = new int[patterns][];
        }

        /**
         * The literal runs a pattern's matches must contain.
         *
         * @param runOffsets for each run, the position it must appear at, or -1 if it floats
         */
        void addRuns(int pattern, String[] patternRuns, int[] runOffsets) {
            runs[pattern] = patternRuns;
            offsets[pattern] = runOffsets;
            int width = width(patternRuns);
            for (String r : patternRuns) {
                for (int j = 0; width > 0 && j + width <= r.length(); j++) {
                    counts.add(gram(r, j, width), 1);
                }
            }
        }

        /**
         * The index; {@code unindexed} receives the patterns that have no 4 literal characters
         * in a row (they have to be tried on every string).
         */
        GramIndex build(IntConsumer unindexed) {
            long[] chosenKey = new long[patterns];
            int[] chosenPos = new int[patterns];
            boolean[] any = new boolean[9];
            boolean[] floating = new boolean[9];
            long[] below64 = new long[9];
            boolean[] beyond = new boolean[9];
            LongCounter distinct = new LongCounter();
            for (int p = 0; p < patterns; p++) {
                String[] rs = runs[p];
                int width = rs == null ? 0 : width(rs);
                if (width == 0) {
                    if (rs != null) {
                        unindexed.accept(p);
                    }
                    continue;
                }
                long best = 0;
                int bestPos = -1;
                int bestCount = Integer.MAX_VALUE;
                for (int k = 0; k < rs.length; k++) {
                    String r = rs[k];
                    for (int j = 0; j + width <= r.length(); j++) {
                        long g = gram(r, j, width);
                        int c = counts.get(g);
                        int pos = offsets[p][k] < 0 ? -1 : offsets[p][k] + j;
                        // rarest first; between equals, one at a fixed place filters more
                        if (c < bestCount || (c == bestCount && bestPos < 0 && pos >= 0)) {
                            best = g;
                            bestPos = pos;
                            bestCount = c;
                        }
                    }
                }
                chosenKey[p] = best;
                chosenPos[p] = bestPos;
                distinct.add(best, 1);
                any[width] = true;
                if (bestPos < 0) {
                    floating[width] = true;
                } else if (bestPos < 64) {
                    below64[width] |= 1L << bestPos;
                } else {
                    beyond[width] = true;
                }
            }
            int cap = Integer.highestOneBit(Math.max(16, distinct.size() * 10 / 7)) << 1;
            long[] keys = new long[cap];
            int[] count = new int[cap];
            int[] single = new int[cap];
            int m = cap - 1;
            for (int p = 0; p < patterns; p++) {
                if (chosenKey[p] != 0) {
                    int s = slot(keys, m, chosenKey[p]);
                    count[s]++;
                    single[s] = p;
                }
            }
            int[] start = new int[cap];
            int total = 0;
            for (int s = 0; s < cap; s++) {
                start[s] = total;
                total += count[s] > 1 ? count[s] : 0;
            }
            int[] entryPattern = new int[total];
            int[] entryPos = new int[total];
            int[] fill = start.clone();
            long[] bloom = new long[(1 << BLOOM_BITS) / 64];
            for (int p = 0; p < patterns; p++) {
                if (chosenKey[p] == 0) {
                    continue;
                }
                int s = slot(keys, m, chosenKey[p]);
                if (count[s] > 1) {
                    entryPattern[fill[s]] = p;
                    entryPos[fill[s]++] = chosenPos[p];
                }
                int bit = (int) ((chosenKey[p] * GOLDEN) >>> (64 - BLOOM_BITS));
                bloom[bit >>> 6] |= 1L << bit;
            }
            long[] table = new long[2 * cap];
            for (int s = 0; s < cap; s++) {
                if (keys[s] != 0) {
                    table[2 * s] = keys[s];
                    table[2 * s + 1] = value(start[s], count[s], single[s], count[s] == 1 ? chosenPos[single[s]] : -1);
                }
            }
            return new GramIndex(bloom, table, entryPattern, entryPos,
                    new Scan(any[8], floating[8], below64[8], beyond[8]), new Scan(any[4], floating[4], below64[4], beyond[4]));
        }

        /** The key's slot, claimed if free. */
        private static int slot(long[] keys, int m, long key) {
            int s = (int) ((key * GOLDEN) >>> 32) & m;
            while (keys[s] != 0 && keys[s] != key) {
                s = (s + 1) & m;
            }
            keys[s] = key;
            return s;
        }

        /** 8 if some run has 8 characters, else 4 if some has 4, else 0. */
        private static int width(String[] rs) {
            int max = 0;
            for (String r : rs) {
                max = Math.max(max, r.length());
            }
            return max >= 8 ? 8 : max >= 4 ? 4 : 0;
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
