package org.modkern.core.loader;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.modkern.api.KernelModule;
import org.modkern.core.manifest.ModuleInfo;
import org.modkern.core.params.ModuleParams;
import org.modkern.core.taint.Taint;
import org.osgi.framework.Bundle;

/**
 * A module in the kernel, Linux's {@code struct module}: its manifest, its bundle, its state,
 * its parameters and the taints it brought. Created COMING by the loader and published in the
 * registry before init runs, so a second load of the same name waits for this one.
 */
public final class LoadedModule {

    private final String name;
    private final ModuleInfo info;
    private final long seq;
    private final long size;
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicInteger refs = new AtomicInteger();
    private final AtomicLong taints = new AtomicLong();
    private final Map<Taint.Flag, String> taintWarnings = new EnumMap<>(Taint.Flag.class);
    private volatile ModuleState state = ModuleState.COMING;
    private volatile Bundle bundle;
    private volatile KernelModule instance;
    private volatile ModuleParams params;

    LoadedModule(String name, ModuleInfo info, long seq, long size) {
        this.name = name;
        this.info = info;
        this.seq = seq;
        this.size = size;
    }

    /** The canonical name ('_' for '-'). */
    public String name() {
        return name;
    }

    /** The manifest it was loaded from. */
    public ModuleInfo info() {
        return info;
    }

    /** Load order: a larger number was loaded later. */
    public long seq() {
        return seq;
    }

    /** The size lsmod shows: the bytes of the module jar. */
    public long size() {
        return size;
    }

    public ModuleState state() {
        return state;
    }

    void state(ModuleState s) {
        state = s;
    }

    /** The module's bundle; null until installed. */
    public Bundle bundle() {
        return bundle;
    }

    void bundle(Bundle b) {
        bundle = b;
    }

    /** The init object; null for a module without {@code Module-Init}. */
    public KernelModule instance() {
        return instance;
    }

    void instance(KernelModule k) {
        instance = k;
    }

    /** The parameters; null until bound. */
    public ModuleParams params() {
        return params;
    }

    void params(ModuleParams p) {
        params = p;
    }

    /** Explicit references taken with {@code try_module_get}, beyond the modules that use it. */
    public AtomicInteger refs() {
        return refs;
    }

    /** Taint flags this module brought, as a mask of {@link Taint.Flag} bits. */
    public long taints() {
        return taints.get();
    }

    /** Records a taint this module brought. */
    public void taint(Taint.Flag f) {
        taints.getAndUpdate(m -> m | (1L << f.bit()));
    }

    /**
     * Records a taint with the kernel's warning for it ({@code NAME: module license 'X' taints
     * kernel.}), printed when the load succeeds if the kernel did not have the flag yet. The
     * first warning recorded for a flag is the one printed.
     */
    public void taint(Taint.Flag f, String warning) {
        taint(f);
        synchronized (taintWarnings) {
            taintWarnings.putIfAbsent(f, warning);
        }
    }

    /** The warnings recorded with this module's taints. */
    Map<Taint.Flag, String> taintWarnings() {
        synchronized (taintWarnings) {
            return Map.copyOf(taintWarnings);
        }
    }

    void settle() {
        settled.countDown();
    }

    void awaitSettled() throws InterruptedException {
        settled.await();
    }

    /** Waits at most {@code millis} for the load to finish either way; true if it did. */
    boolean awaitSettled(long millis) throws InterruptedException {
        return settled.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
