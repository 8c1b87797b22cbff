// Test double of the kernel's module operations: records every call, can sleep, fail or hold references.
package org.modkern.core.kmod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/**
 * A kernel in memory: loaded modules by name, holders derived from modules.dep, a log of
 * {@code insmod NAME PARAMS}, {@code rmmod NAME} and {@code run CMD} events. Thread-safe.
 */
final class FakeOps implements ModuleOps {

    final Set<String> loaded = ConcurrentHashMap.newKeySet();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Map<String, AtomicInteger> insmods = new ConcurrentHashMap<>();
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    final Map<String, Integer> extraRefs = new ConcurrentHashMap<>();
    final Map<String, Integer> commandStatus = new ConcurrentHashMap<>();
    final AtomicInteger concurrentLoads = new AtomicInteger();
    final AtomicInteger maxConcurrentLoads = new AtomicInteger();
    private final ModuleLookup lookup;
    volatile long sleepMillis;

    FakeOps(ModuleLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public boolean isLoaded(String name) {
        return loaded.contains(name);
    }

    @Override
    public void insmod(Path jar, List<String> params, boolean force) throws ModuleException {
        String name = Names.modnameOfPath(jar.toString());
        insmods.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        int now = concurrentLoads.incrementAndGet();
        maxConcurrentLoads.accumulateAndGet(now, Math::max);
        try {
            if (sleepMillis > 0) {
                Thread.sleep(sleepMillis);
            }
            if (loaded.contains(name)) {
                throw new ModuleException(Errno.EEXIST, name + ": already loaded");
            }
            ModulesDep.Entry e = lookup.module(name);
            for (String d : e == null ? List.<String>of() : e.dependencyNames()) {
                if (!loaded.contains(d)) {
                    throw new ModuleException(Errno.ENOENT, name + ": Unknown symbol (needs " + d + ")");
                }
            }
            Integer errno = failures.get(name);
            if (errno != null) {
                throw new ModuleException(errno, name + ": init failed");
            }
            events.add(("insmod " + name + " " + String.join(" ", params)).trim());
            loaded.add(name);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ModuleException(Errno.EINTR, "interrupted");
        } finally {
            concurrentLoads.decrementAndGet();
        }
    }

    @Override
    public void rmmod(String name, boolean force) throws ModuleException {
        if (!loaded.contains(name)) {
            throw new ModuleException(Errno.ENOENT, name + ": not loaded");
        }
        if (!force && refcnt(name) > 0) {
            throw new ModuleException(Errno.EWOULDBLOCK, name + ": in use");
        }
        events.add("rmmod " + name);
        loaded.remove(name);
    }

    @Override
    public List<String> holders(String name) {
        List<String> out = new ArrayList<>();
        for (String m : loaded) {
            ModulesDep.Entry e = lookup.module(m);
            if (e != null && e.dependencyNames().contains(name)) {
                out.add(m);
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public int refcnt(String name) {
        return loaded.contains(name) ? holders(name).size() + extraRefs.getOrDefault(name, 0) : -Errno.ENOENT;
    }

    @Override
    public int runCommand(String commandLine) {
        events.add("run " + commandLine);
        return commandStatus.getOrDefault(commandLine, 0);
    }

    int insmodCount(String name) {
        AtomicInteger n = insmods.get(name);
        return n == null ? 0 : n.get();
    }
}
