// kmod's string hash table order (shared/hash.c), so modules.symbols lists symbols in the order kmod writes them.
package org.modkern.core.kmod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
        record Keyed(String key, byte[] bytes, int bucket) {
        }
        List<Keyed> list = new ArrayList<>(keys.size());
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            list.add(new Keyed(k, b, superfast(b) & (buckets - 1)));
        }
        list.sort(Comparator.comparingInt(Keyed::bucket).thenComparing(Keyed::bytes, KmodHash::strcmp));
        List<String> out = new ArrayList<>(list.size());
        for (Keyed k : list) {
            out.add(k.key());
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
