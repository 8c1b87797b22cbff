// kmod's string hash table order (shared/hash.c), so modules.symbols lists symbols in the order kmod writes them.
package org.modkern.core.kmod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The iteration order of kmod's hash table: depmod writes modules.symbols by walking its symbol
 * table, buckets in index order ({@code hash_superfast(key) & (buckets - 1)}), each bucket's
 * keys in {@code strcmp} order. Reproducing it makes our modules.symbols byte-identical to
 * kmod's for the same symbols.
 */
final class KmodHash {

    /** depmod's symbol table size. */
    static final int SYMBOL_BUCKETS = 2048;

    private KmodHash() {
    }

    /** Paul Hsieh's SuperFastHash over the key's bytes, little-endian, as shared/hash.c computes it. */
    static int superfast(byte[] key) {
        int len = key.length;
        int hash = len;
        int rem = len & 3;
        int i = 0;
        for (int blocks = len >>> 2; blocks > 0; blocks--) {
            hash += get16(key, i);
            int tmp = (get16(key, i + 2) << 11) ^ hash;
            hash = (hash << 16) ^ tmp;
            i += 4;
            hash += hash >>> 11;
        }
        switch (rem) {
            case 3:
                hash += get16(key, i);
                hash ^= hash << 16;
                hash ^= (key[i + 2] & 0xff) << 18;
                hash += hash >>> 11;
                break;
            case 2:
                hash += get16(key, i);
                hash ^= hash << 11;
                hash += hash >>> 17;
                break;
            case 1:
                hash += key[i]; // a plain char: signed on x86
                hash ^= hash << 10;
                hash += hash >>> 1;
                break;
            default:
                break;
        }
        hash ^= hash << 3;
        hash += hash >>> 5;
        hash ^= hash << 4;
        hash += hash >>> 17;
        hash ^= hash << 25;
        hash += hash >>> 6;
        return hash;
    }

    /** The keys in the order kmod's table of {@code buckets} buckets iterates them. */
    static List<String> iterationOrder(Collection<String> keys, int buckets) {
        String[] k = keys.toArray(new String[0]);
        byte[][] bytes = new byte[k.length][];
        long[] order = new long[k.length];
        for (int i = 0; i < k.length; i++) {
            bytes[i] = k[i].getBytes(StandardCharsets.UTF_8);
            order[i] = (long) (superfast(bytes[i]) & (buckets - 1)) << 32 | i;
        }
        // by bucket; each bucket (a handful of keys) then in strcmp order
        Arrays.sort(order);
        List<String> out = new ArrayList<>(k.length);
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end < order.length && (order[end] >>> 32) == (order[start] >>> 32)) {
                end++;
            }
            for (int i = start + 1; i < end; i++) {
                long v = order[i];
                int j = i - 1;
                while (j >= start && strcmp(bytes[(int) order[j]], bytes[(int) v]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
            for (int i = start; i < end; i++) {
                out.add(k[(int) order[i]]);
            }
            start = end;
        }
        return out;
    }

    private static int get16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int strcmp(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = (a[i] & 0xff) - (b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return a.length - b.length;
    }
}
