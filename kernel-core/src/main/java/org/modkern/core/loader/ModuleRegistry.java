package org.modkern.core.loader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;

/** The list of modules in the kernel, Linux's {@code modules} list, keyed by canonical name. */
public final class ModuleRegistry {

    /** Most recently loaded first (a class: a lambda would be spun at boot). */
    private static final Comparator<LoadedModule> NEWEST_FIRST = new Comparator<>() {
        @Override
        public int compare(LoadedModule a, LoadedModule b) {
            return Long.compare(b.seq(), a.seq());
        }
    };

    private final Map<String, LoadedModule> byName = new ConcurrentHashMap<>();
    private final Map<Long, LoadedModule> byBundle = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    /**
     * Publishes a new COMING module unless one of that name is already there.
     *
     * @return the module that was already there, or null if {@code created} was added
     */
    LoadedModule putIfAbsent(LoadedModule created) {
        return byName.putIfAbsent(created.name(), created);
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    void bind(LoadedModule m, Bundle b) {
        m.bundle(b);
        byBundle.put(b.getBundleId(), m);
    }

    void remove(LoadedModule m) {
        byName.remove(m.name(), m);
        Bundle b = m.bundle();
        if (b != null) {
            byBundle.remove(b.getBundleId(), m);
        }
    }

    /** The module of that name ('-' and '_' alike), or null. */
    public LoadedModule get(String name) {
        return byName.get(name.replace('-', '_'));
    }

    /** The module whose bundle this is, or null for a bundle that is no module. */
    public LoadedModule byBundle(Bundle b) {
        return b == null ? null : byBundle.get(b.getBundleId());
    }

    /** All modules, most recently loaded first, as lsmod and /proc/modules list them. */
    public List<LoadedModule> list() {
        List<LoadedModule> out = new ArrayList<>(byName.values());
        out.sort(NEWEST_FIRST);
        return out;
    }
}
