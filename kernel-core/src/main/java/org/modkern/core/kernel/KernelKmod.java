package org.modkern.core.kernel;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_INFO;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.modkern.api.spi.ModuleRequester;
import org.modkern.core.kmod.Depmod;
import org.modkern.core.kmod.KmodLog;
import org.modkern.core.kmod.ModprobeConfig;
import org.modkern.core.kmod.Modprobe;
import org.modkern.core.kmod.ModuleLookup;
import org.modkern.core.kmod.ModuleOps;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.log.Printer;

/**
 * The kernel's side of kmod: the module indexes it currently reads, the one modprobe that
 * commands, request_module and hotplug share, depmod at boot when the indexes are missing or
 * stale, and the modules of etc/modules-load.d.
 */
public final class KernelKmod implements ModuleRequester {

    private final KernelConfig config;
    private final Printer log;
    private final KmodLog dmesgLog;
    private final Modprobe modprobe;
    private volatile ModuleLookup lookup;

    KernelKmod(KernelConfig config, ModuleOps ops, Printer log) {
        this.config = config;
        this.log = log;
        this.dmesgLog = new KmodLog("modprobe", new PrintkLines(log));
        // a class, not this::lookup: a lambda would be spun at boot
        this.modprobe = new Modprobe(new Supplier<ModuleLookup>() {
            @Override
            public ModuleLookup get() {
                return lookup();
            }
        }, ops);
    }

    /**
     * Runs depmod if the indexes need it, then loads etc/modules-load.d. The indexes are read
     * when first needed: a boot that loads nothing by name does not read them.
     */
    void boot() {
        Path dir = config.modulesDir();
        if (Depmod.needsUpdate(dir)) {
            int status = depmod(List.of(), new PrintStream(new PrintkLines(log).stream(KERN_INFO), true),
                    new PrintStream(new PrintkLines(log).stream(KERN_ERR), true));
            log.printk(KERN_INFO, "depmod: indexes of %s %s", dir, status == 0 ? "rebuilt" : "could not be rebuilt");
        }
        try {
            for (String name : ModprobeConfig.modulesToLoad(config.root())) {
                try {
                    modprobe.requestModule(name);
                } catch (ModuleException e) {
                    log.printk(KERN_ERR, "modules-load: failed to load module %s: %s", name, e.strerror());
                }
            }
        } catch (IOException e) {
            log.printk(KERN_ERR, "modules-load: cannot read %s: %s", config.root().resolve("etc/modules-load.d"), e.getMessage());
        }
    }

    /** Reads the indexes and configuration again (after depmod, or a change in modprobe.d). */
    public synchronized void reload() {
        try {
            lookup = ModuleLookup.load(config.root(), config.release(), config.cmdline(), dmesgLog);
        } catch (IOException e) {
            log.printk(KERN_ERR, "modprobe: cannot read the indexes of %s: %s", config.modulesDir(), e.getMessage());
        }
    }

    /** The indexes and configuration in force, read on first use. */
    public ModuleLookup lookup() {
        ModuleLookup l = lookup;
        if (l != null) {
            return l;
        }
        synchronized (this) {
            if (lookup == null) {
                reload();
            }
            return lookup;
        }
    }

    /** The kernel's modprobe. */
    public Modprobe modprobe() {
        return modprobe;
    }

    /**
     * Runs depmod on this kernel's root and release unless the arguments name others, then
     * rereads the indexes.
     */
    public int depmod(List<String> args, PrintStream out, PrintStream err) {
        List<String> a = new ArrayList<>(args);
        if (!a.contains("-b") && a.stream().noneMatch(s -> s.startsWith("--basedir"))) {
            a.add(0, "-b");
            a.add(1, config.root().toString());
        }
        if (a.stream().noneMatch(s -> s.matches("\\d+\\.\\d+.*"))) {
            a.add(config.release());
        }
        int status = Depmod.run(a.toArray(new String[0]), out, err);
        if (!a.contains("-n") && !a.contains("--show") && !a.contains("--dry-run")) {
            reload();
        }
        return status;
    }

    @Override
    public int request(String nameOrAlias) {
        try {
            modprobe.requestModule(nameOrAlias);
            return 0;
        } catch (ModuleException e) {
            return -e.errno();
        }
    }
}
