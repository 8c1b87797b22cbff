// The running kernel: wires configuration, log, taint, symbols, registry, loader and /proc, /sys.
package org.modkern.core.kernel;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.KERN_NOTICE;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.modkern.api.spi.ModuleRequester;
import org.modkern.api.spi.PrintkBackend;
import org.modkern.api.spi.SymbolBackend;
import org.modkern.core.loader.LoadCheck;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.loader.ModuleLoader;
import org.modkern.core.loader.ModuleRegistry;
import org.modkern.core.log.KernelLog;
import org.modkern.core.signing.Lockdown;
import org.modkern.core.signing.ModuleSigCheck;
import org.modkern.core.symbols.FaultAttr;
import org.modkern.core.symbols.SymbolHook;
import org.modkern.core.symbols.SymbolPolicy;
import org.modkern.core.symbols.SymbolResolver;
import org.modkern.core.symbols.SymbolTable;
import org.modkern.core.sysfs.KernelFs;
import org.modkern.core.sysfs.ModuleSysfs;
import org.modkern.core.sysfs.ProcFiles;
import org.modkern.core.sysfs.SymbolFiles;
import org.modkern.core.taint.ModuleTaints;
import org.modkern.core.taint.Taint;
import org.modkern.core.version.Modversions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.FrameworkWiring;

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
    private final SymbolTable symbols;
    private final KernelFs fs = new KernelFs();
    private final ExecutorService initThreads;
    private final KernelKmod kmod;
    private final Lockdown lockdown;
    private final ModuleSigCheck signatures;
    private final DeployDir deploy;
    private final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();

    public Kernel(BundleContext ctx, KernelConfig config) {
        this.config = config;
        this.log = new KernelLog(8192);
        // anonymous and nested classes here, not lambdas: the JVM spins a class for each lambda
        // when it first runs, which costs a boot more than loading a compiled class
        this.initThreads = Executors.newCachedThreadPool(new InitThreads());
        // the export rules are in force before the first module can load
        SymbolPolicy policy = new SymbolPolicy(new FaultAttr());
        SymbolHook hook = new SymbolHook(policy, new Consumer<String>() {
            @Override
            public void accept(String line) {
                log.printk(KERN_ERR, "%s", line);
            }
        });
        ctx.registerService(ResolverHookFactory.class, hook, null);
        this.symbols = new SymbolTable(ctx, new LongFunction<String>() {
            @Override
            public String apply(long bundleId) {
                LoadedModule m = registry.byBundle(ctx.getBundle(bundleId));
                return m == null ? null : m.name();
            }
        });
        this.loader = new ModuleLoader(ctx, registry, log, taint, initThreads, config.initTimeoutMillis(),
                new Modversions(config.vermagic(), new Function<String, List<String>>() {
                    @Override
                    public List<String> apply(String pkg) {
                        return symbols.versions(pkg);
                    }
                }),
                new SymbolResolver(policy, hook, ctx.getBundle(0).adapt(FrameworkWiring.class)));
        this.lockdown = new Lockdown(config.cmdline(), log);
        this.signatures = new ModuleSigCheck(config.root().resolve("etc/keys"), config.cmdline(), lockdown, log);
        // the signature first, as load_module() does: a refused module has not been looked at
        loader.addCheck(new LoadCheck() {
            @Override
            public void check(LoadCheck.Request req, LoadedModule m) throws ModuleException {
                boolean signed = signatures.check(req.info().canonicalName(), req.image(), req.force());
                for (Map.Entry<Taint.Flag, String> t : ModuleTaints.of(req.info(), signed).entrySet()) {
                    m.taint(t.getKey(), t.getValue());
                }
            }
        });
        SymbolFiles.register(fs, symbols, policy.fault());
        ProcFiles.register(fs, config.release(), version(config), config.cmdline(), registry, loader, taint);
        fs.mount("/sys/module", new ModuleSysfs(registry, loader));
        fs.register("/sys/module/module/parameters/sig_enforce", signatures.file());
        fs.register("/sys/kernel/security/lockdown", lockdown.file());
        this.kmod = new KernelKmod(config, loader, log);
        String settle = ctx.getProperty(DEPLOY_SETTLE);
        this.deploy = new DeployDir(config.root().resolve("deploy"), loader, log,
                settle != null ? Long.parseLong(settle.trim()) : 1000);
        ctx.registerService(PrintkBackend.class, log, null);
        ctx.registerService(ModuleRequester.class, kmod, null);
        ctx.registerService(SymbolBackend.class, symbols, null);
    }

    /** The init threads: daemons named modkern-init-N. */
    private static final class InitThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "modkern-init-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    public void boot() {
        log.printk(KERN_NOTICE, "%s", version(config));
        log.printk(KERN_INFO, "Command line: %s", config.cmdline());
        log.printk(KERN_INFO, "modkern: root %s", config.root());
        lockdown.boot();
    }

    /** Framework property: milliseconds a jar in deploy/ must stay unchanged before it loads (default 1000). */
    public static final String DEPLOY_SETTLE = "modkern.deploy.settle.ms";

    /** Runs depmod if the module indexes are stale, loads etc/modules-load.d, then watches deploy/. */
    public void loadBootModules() {
        kmod.boot();
        deploy.start();
    }

    private static String version(KernelConfig c) {
        return "modkern version " + c.release() + " (java " + Runtime.version() + ") #1 SMP";
    }

    public void shutdown() {
        // the framework's STOPPING event and the bundle's stop both get here: unload once
        if (!down.compareAndSet(false, true)) {
            return;
        }
        deploy.stop();
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

    /** The exported symbols: /proc/kallsyms and what modversions compares against. */
    public SymbolTable symbols() {
        return symbols;
    }

    public KernelFs fs() {
        return fs;
    }

    public KernelKmod kmod() {
        return kmod;
    }

    /** The lockdown level, {@code /sys/kernel/security/lockdown}. */
    public Lockdown lockdown() {
        return lockdown;
    }

    /** Module signature checking and {@code module.sig_enforce}. */
    public ModuleSigCheck signatures() {
        return signatures;
    }
}
