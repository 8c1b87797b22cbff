package org.modkern.fs.mbcache;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded cache from a content hash to a block number, least recently used out first. */
public final class MbCache {

    private final Map<Integer, Long> entries;

    /** A cache holding at most {@code capacity} entries. */
    public MbCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers that a block with this content hash exists. */
    public synchronized void create(int hash, long block) {
        entries.put(hash, block);
    }

    /** The block with this content hash, or -1. */
    public synchronized long find(int hash) {
        Long b = entries.get(hash);
        return b == null ? -1 : b;
    }

    /** The number of entries. */
    public synchronized int size() {
        return entries.size();
    }
}
