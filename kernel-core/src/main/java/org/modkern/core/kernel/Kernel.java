package org.modkern.core.kernel;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.KERN_NOTICE;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.modkern.api.spi.ModuleRequester;
import org.modkern.api.spi.PrintkBackend;
import org.modkern.core.loader.ModuleLoader;
import org.modkern.core.loader.ModuleRegistry;
import org.modkern.core.log.KernelLog;
import org.modkern.core.sysfs.KernelFs;
import org.modkern.core.sysfs.ModuleSysfs;
import org.modkern.core.sysfs.ProcFiles;
import org.modkern.core.taint.Taint;
import org.osgi.framework.BundleContext;

/**
 * The running kernel: its configuration, log, taint, module registry and loader, and the
 * /proc and /sys views over them. One per framework; the shell commands and the console
 * hold a reference to it.
 */
public final class Kernel {

    private final KernelConfig config;
    private final KernelLog log;
    private final Taint taint = new Taint();
    private final ModuleRegistry registry = new ModuleRegistry();
    private final ModuleLoader loader;
    private final KernelFs fs = new KernelFs();
    private final ExecutorService initThreads;
    private final KernelKmod kmod;

    public Kernel(BundleContext ctx, KernelConfig config) {
        this.config = config;
        this.log = new KernelLog(8192);
        AtomicInteger n = new AtomicInteger();
        this.initThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "modkern-init-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.loader = new ModuleLoader(ctx, registry, log, taint, initThreads, config.initTimeoutMillis());
        ProcFiles.register(fs, config.release(), version(config), config.cmdline(), registry, loader, taint);
        fs.mount("/sys/module", new ModuleSysfs(registry, loader));
        this.kmod = new KernelKmod(config, loader, log);
        ctx.registerService(PrintkBackend.class, log, null);
        ctx.registerService(ModuleRequester.class, kmod, null);
    }

    public void boot() {
        log.printk(KERN_NOTICE, "%s", version(config));
        log.printk(KERN_INFO, "Command line: %s", config.cmdline());
        log.printk(KERN_INFO, "modkern: root %s", config.root());
    }

    /** Reads the module indexes (running depmod if they are stale) and loads etc/modules-load.d. */
    public void loadBootModules() {
        kmod.boot();
    }

    private static String version(KernelConfig c) {
        return "modkern version " + c.release() + " (java " + Runtime.version() + ") #1 SMP";
    }

    public void shutdown() {
        loader.unloadAll();
        initThreads.shutdownNow();
    }

    public KernelConfig config() {
        return config;
    }

    public KernelLog log() {
        return log;
    }

    public Taint taint() {
        return taint;
    }

    public ModuleRegistry registry() {
        return registry;
    }

    public ModuleLoader loader() {
        return loader;
    }

    public KernelFs fs() {
        return fs;
    }

    public KernelKmod kmod() {
        return kmod;
    }
}
