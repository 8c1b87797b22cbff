// The load pipeline (Linux's load_module) and unload (delete_module).
package org.modkern.core.loader;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.KERN_WARNING;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.core.kmod.ModuleOps;
import org.modkern.core.log.Printer;
import org.modkern.core.manifest.ModuleFormatException;
import org.modkern.core.manifest.ModuleInfo;
import org.modkern.core.params.ModuleParams;
import org.modkern.core.symbols.SymbolResolver;
import org.modkern.core.taint.Taint;
import org.modkern.core.version.ForcedImports;
import org.modkern.core.version.Modversions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Loads and unloads modules, Linux's {@code load_module()} and {@code delete_module()}: one
 * straight pipeline (read the file, read its manifest, checks, modversions, install the bytes
 * read, resolve symbols, check the symbol wires, start, parameters, init, live) whose completed
 * steps are undone in reverse when a later one fails. The taints a module brings reach the
 * kernel only when its load succeeds.
 */
public final class ModuleLoader implements ModuleOps {

    private final BundleContext ctx;
    private final FrameworkWiring wiring;
    private final ModuleRegistry registry;
    private final Printer log;
    private final Taint taint;
    private final ExecutorService initThreads;
    private final long initTimeoutMillis;
    private final Modversions versions;
    private final SymbolResolver symbols;
    private final List<LoadCheck> checks = new CopyOnWriteArrayList<>();
    private volatile boolean modulesDisabled;
    /** Runs modprobe.d install/remove lines; null until the shell is up. */
    private volatile ToIntFunction<String> commandRunner;

    /**
     * @param ctx the kernel core's bundle context, through which module bundles are installed
     * @param initThreads runs module init and exit, so that a hung init can time out
     * @param initTimeoutMillis how long init and exit may take before the kernel gives up
     * @param versions the vermagic and symbol version check
     * @param symbols explains unresolved symbols and checks the wires a module got
     */
    public ModuleLoader(BundleContext ctx, ModuleRegistry registry, Printer log, Taint taint,
            ExecutorService initThreads, long initTimeoutMillis, Modversions versions, SymbolResolver symbols) {
        this.ctx = ctx;
        this.wiring = ctx.getBundle(0).adapt(FrameworkWiring.class);
        this.registry = registry;
        this.log = log;
        this.taint = taint;
        this.initThreads = initThreads;
        this.initTimeoutMillis = initTimeoutMillis;
        this.versions = versions;
        this.symbols = symbols;
    }

    /** Adds a check to the pipeline; checks run in the order added. */
    public void addCheck(LoadCheck check) {
        checks.add(check);
    }

    /** Sets {@code kernel.modules_disabled}; once true it stays true until reboot. */
    public void disableModules() {
        modulesDisabled = true;
    }

    /** True once module loading and unloading are switched off. */
    public boolean modulesDisabled() {
        return modulesDisabled;
    }

    /** Sets what runs modprobe.d install/remove lines (the shell, once it is up). */
    public void commandRunner(ToIntFunction<String> runner) {
        commandRunner = runner;
    }

    /**
     * Loads a module jar. Runs init exactly once; if anything fails, the kernel is as before.
     *
     * @param args parameters as on the insmod command line, {@code name=value}
     * @param force load despite a vermagic or symbol version mismatch, tainting the kernel (F);
     *         it cannot supply a missing symbol nor lift the GPL-only and namespace rules
     * @throws ModuleException EEXIST if a module of that name is loaded, ENOEXEC for a jar that
     *         is not a module or was built for another kernel (vermagic, symbol versions),
     *         ENOENT for a symbol it may not or cannot link, EINVAL for a bad parameter, the
     *         errno init returned, EFAULT if init threw, ETIMEDOUT if it did not return
     */
    public LoadedModule load(Path jar, List<String> args, boolean force) throws ModuleException {
        if (modulesDisabled) {
            throw new ModuleException(Errno.EPERM, "module loading is disabled");
        }
        byte[] image = readImage(jar);
        ModuleInfo info = readInfo(image, jar);
        String name = info.canonicalName();
        while (true) {
            LoadedModule m = new LoadedModule(name, info, registry.nextSeq(), image.length);
            LoadedModule existing = registry.putIfAbsent(m);
            if (existing == null) {
                return loadPublished(m, jar, image, args, force);
            }
            // Linux waits for a load in progress; if it went live this load is a duplicate
            try {
                existing.awaitSettled();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException(Errno.EINTR, name + ": interrupted waiting for another load");
            }
            if (registry.get(name) != null) {
                throw new ModuleException(Errno.EEXIST, name + ": module is already loaded");
            }
        }
    }

    private LoadedModule loadPublished(LoadedModule m, Path jar, byte[] image, List<String> args, boolean force)
            throws ModuleException {
        Unwind unwind = new Unwind();
        unwind.push(() -> {
            registry.remove(m);
            m.settle();
        });
        try {
            for (LoadCheck check : checks) {
                check.check(new LoadCheck.Request(jar, image, m.info(), force), m);
            }
            Set<String> unversioned = checkVersions(m, force);
            Bundle b = install(m, image, unversioned);
            unwind.push(() -> uninstall(b));
            registry.bind(m, b);
            sameManifest(m, b);
            resolve(m, b);
            start(m, b);
            unwind.push(b::stop);
            KernelModule instance = instantiate(m, b);
            m.instance(instance);
            ModuleParams params = ModuleParams.bind(m.name(), m.info().params(), instance, log);
            params.apply(args);
            m.params(params);
            if (instance != null) {
                runInit(m, instance);
            }
            taint.addModuleTaints(m.taints(), m.taintWarnings(), w -> log.printk(KERN_WARNING, "%s", w));
            m.state(ModuleState.LIVE);
            unwind.commit();
            m.settle();
            return m;
        } catch (ModuleException | RuntimeException e) {
            unwind.unwind();
            throw e;
        }
    }

    /**
     * The whole module file, as insmod hands it to Linux's {@code init_module()}: every check
     * reads these bytes and the framework installs these bytes, so a file replaced during the
     * load cannot slip in unchecked.
     */
    private static byte[] readImage(Path jar) throws ModuleException {
        if (Files.isDirectory(jar)) {
            throw new ModuleException(Errno.EISDIR, jar + ": is a directory");
        }
        if (!Files.isRegularFile(jar)) {
            throw new ModuleException(Errno.ENOENT, jar + ": no such module file");
        }
        try {
            return Files.readAllBytes(jar);
        } catch (NoSuchFileException e) {
            throw new ModuleException(Errno.ENOENT, jar + ": no such module file", e);
        } catch (IOException | OutOfMemoryError e) {
            throw new ModuleException(e instanceof IOException ? Errno.EIO : Errno.ENOMEM,
                    jar + ": cannot read module: " + e.getMessage(), e);
        }
    }

    private ModuleInfo readInfo(byte[] image, Path jar) throws ModuleException {
        try {
            return ModuleInfo.fromImage(image, jar);
        } catch (ModuleFormatException e) {
            log.printk(KERN_ERR, "module: %s: %s", jar.getFileName(), e.getMessage());
            throw new ModuleException(Errno.ENOEXEC, jar.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Modversions: refuses a module built for another kernel (ENOEXEC), or records the force
     * taint; returns the imports a forced load must install without their version range.
     */
    private Set<String> checkVersions(LoadedModule m, boolean force) throws ModuleException {
        Modversions.Result v = versions.check(m.name(), m.info(), force);
        if (v.refusal() != null) {
            log.printk(KERN_ERR, "%s", v.refusal());
            throw new ModuleException(Errno.ENOEXEC, v.refusal());
        }
        if (v.forced() != null) {
            m.taint(Taint.Flag.FORCED_MODULE, v.forced());
        }
        return v.unversioned();
    }

    private Bundle install(LoadedModule m, byte[] image, Set<String> unversioned) throws ModuleException {
        String location = "module:" + m.name();
        if (ctx.getBundle(location) != null) {
            // Felix would hand back that bundle, not install this jar: it is not ours to load
            log.printk(KERN_ERR, "%s: a bundle is already installed at %s", m.name(), location);
            throw new ModuleException(Errno.EEXIST, m.name() + ": " + location + " is taken");
        }
        try (InputStream in = new ByteArrayInputStream(
                unversioned.isEmpty() ? image : ForcedImports.rewrite(image, unversioned))) {
            // the location names the module: a second module of the same name is refused by
            // the registry before this, and Felix refuses a bundle clashing with a non-module
            return ctx.installBundle(location, in);
        } catch (IOException e) {
            log.printk(KERN_ERR, "%s: invalid module: %s", m.name(), e.getMessage());
            throw new ModuleException(Errno.ENOEXEC, m.name() + ": " + e.getMessage(), e);
        } catch (BundleException e) {
            if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                log.printk(KERN_ERR, "%s: a bundle of this name and version is already installed", m.name());
                throw new ModuleException(Errno.EEXIST, m.name() + ": " + e.getMessage(), e);
            }
            // Felix wraps the manifest's fault ("Could not create bundle object."): say the fault
            String why = e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getMessage() + " " + e.getCause().getMessage() : e.getMessage();
            log.printk(KERN_ERR, "%s: invalid module: %s", m.name(), why);
            throw new ModuleException(Errno.ENOEXEC, m.name() + ": " + why, e);
        }
    }

    /**
     * Resolves the module's symbols (the resolver hook applies the export rules), then checks
     * every wire it got once more before any of its code runs.
     */
    private void resolve(LoadedModule m, Bundle b) throws ModuleException {
        long deadline = System.currentTimeMillis() + initTimeoutMillis;
        while (!wiring.resolveBundles(Set.of(b))) {
            // Linux's resolve_symbol_wait(): a module that exports what this one imports may
            // still be coming (another modprobe is loading it); wait for it, then try again
            LoadedModule provider = comingProvider(m);
            long left = deadline - System.currentTimeMillis();
            if (provider == null || left <= 0) {
                throw refused(m, symbols.explain(b, m.name()));
            }
            try {
                provider.awaitSettled(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException(Errno.EINTR, m.name() + ": interrupted waiting for " + provider.name());
            }
        }
        SymbolResolver.Refusal r = symbols.verify(b, m.name());
        if (r != null) {
            throw refused(m, r);
        }
    }

    private ModuleException refused(LoadedModule m, SymbolResolver.Refusal r) {
        if (r == null) {
            log.printk(KERN_WARNING, "%s: Unknown symbol (unresolvable) (err %d)", m.name(), -Errno.ENOENT);
            return new ModuleException(Errno.ENOENT, m.name() + ": unresolvable");
        }
        r.dmesg().forEach(line -> log.printk(KERN_WARNING, "%s", line));
        return new ModuleException(Errno.ENOENT, m.name() + ": Unknown symbol " + r.symbol());
    }

    /** A module other than {@code m}, still coming, that exports a package {@code m} imports; or null. */
    private LoadedModule comingProvider(LoadedModule m) {
        Set<String> imports = new java.util.HashSet<>();
        m.info().imports().forEach(i -> imports.add(i.pkg()));
        for (LoadedModule other : registry.list()) {
            if (other != m && other.state() == ModuleState.COMING
                    && other.info().exports().stream().anyMatch(e -> imports.contains(e.pkg()))) {
                return other;
            }
        }
        return null;
    }

    /** The headers the kernel's checks read; Felix must read the same values from the jar. */
    private static final List<String> CONTRACT = List.of("Bundle-SymbolicName", "Module-License", "Module-Init",
            "Module-Param", "Module-Vermagic", "Module-Import-NS", "Module-Intree", "Export-Package");

    /**
     * The kernel read the manifest itself and Felix reads it again: a jar that reads two ways (a
     * doctored zip with two manifests) could pass the checks with one and run with the other.
     */
    private void sameManifest(LoadedModule m, Bundle b) throws ModuleException {
        java.util.Dictionary<String, String> felix = b.getHeaders("");
        java.util.Map<String, String> headers = m.info().headers(); // looked up without case already
        for (String name : CONTRACT) {
            String ours = headers.get(name);
            ours = ours == null ? null : ours.trim();
            String theirs = felix.get(name);
            if (!java.util.Objects.equals(ours, theirs == null ? null : theirs.trim())) {
                log.printk(KERN_ERR, "%s: manifest reads two ways (%s): invalid module format", m.name(), name);
                throw new ModuleException(Errno.ENOEXEC, m.name() + ": manifest reads two ways");
            }
        }
    }

    private void start(LoadedModule m, Bundle b) throws ModuleException {
        try {
            b.start(Bundle.START_TRANSIENT);
        } catch (BundleException e) {
            log.printk(KERN_ERR, "%s: bundle failed to start: %s", m.name(), e.getMessage());
            throw new ModuleException(Errno.EFAULT, m.name() + ": " + e.getMessage(), e);
        }
    }

    private KernelModule instantiate(LoadedModule m, Bundle b) throws ModuleException {
        String cls = m.info().initClass();
        if (cls == null) {
            return null;
        }
        Object o;
        try {
            o = b.loadClass(cls).getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException | InstantiationException
                | LinkageError e) {
            log.printk(KERN_ERR, "%s: Module-Init %s: %s", m.name(), cls, e);
            throw new ModuleException(Errno.ENOEXEC, m.name() + ": bad Module-Init " + cls, e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.printk(KERN_ERR, "%s: Module-Init %s constructor failed: %s", m.name(), cls, cause);
            throw new ModuleException(Errno.EFAULT, m.name() + ": constructor failed", cause);
        }
        if (!(o instanceof KernelModule k)) {
            log.printk(KERN_ERR, "%s: Module-Init %s does not implement %s", m.name(), cls, KernelModule.class.getName());
            throw new ModuleException(Errno.ENOEXEC, m.name() + ": Module-Init is no KernelModule");
        }
        return k;
    }

    private void runInit(LoadedModule m, KernelModule instance) throws ModuleException {
        ModuleContextImpl context = new ModuleContextImpl(m);
        Integer ret;
        try {
            ret = callWithTimeout(m, () -> instance.init(context));
        } catch (TimeoutException e) {
            log.printk(KERN_ERR, "%s: init did not return within %d ms", m.name(), initTimeoutMillis);
            throw new ModuleException(Errno.ETIMEDOUT, m.name() + ": init timed out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int errno = cause instanceof OutOfMemoryError ? Errno.ENOMEM : Errno.EFAULT;
            log.printk(KERN_ERR, "%s: init failed: %s%s", m.name(), cause, firstFrame(cause));
            throw new ModuleException(errno, m.name() + ": init threw " + cause, cause);
        }
        int r = ret == null ? 0 : ret;
        if (r < 0) {
            throw new ModuleException(-r, m.name() + ": init returned " + r);
        }
        if (r > 0) {
            log.printk(KERN_WARNING, "%s: 'init' suspiciously returned %d, it should follow 0/-E convention", m.name(), r);
        }
    }

    private <T> T callWithTimeout(LoadedModule m, java.util.concurrent.Callable<T> call)
            throws TimeoutException, ExecutionException, ModuleException {
        ClassLoader moduleLoader = loaderOf(m);
        Future<T> f = initThreads.submit(() -> {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(moduleLoader);
            try {
                return call.call();
            } finally {
                t.setContextClassLoader(before);
            }
        });
        try {
            return f.get(initTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModuleException(Errno.EINTR, m.name() + ": interrupted");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        }
    }

    private static ClassLoader loaderOf(LoadedModule m) {
        KernelModule k = m.instance();
        return k == null ? null : k.getClass().getClassLoader();
    }

    private static String firstFrame(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0];
    }

    private static void uninstall(Bundle b) throws BundleException {
        if (b.getState() != Bundle.UNINSTALLED) {
            b.uninstall();
        }
    }

    /**
     * Unloads a module: refuses one in use unless forced, runs its exit, then removes its
     * bundle.
     *
     * @throws ModuleException ENOENT if not loaded, EWOULDBLOCK if in use, EBUSY if it is
     *         still coming or already going, EPERM if module loading is disabled
     */
    public void unload(String name, boolean force) throws ModuleException {
        if (modulesDisabled) {
            throw new ModuleException(Errno.EPERM, "module unloading is disabled");
        }
        LoadedModule m = registry.get(name);
        if (m == null) {
            throw new ModuleException(Errno.ENOENT, ModuleInfo.canonical(name) + ": not currently loaded");
        }
        synchronized (m) {
            if (m.state() != ModuleState.LIVE) {
                throw new ModuleException(Errno.EBUSY, m.name() + ": is " + m.state().initstate());
            }
            int users = users(m);
            if (users > 0 && !force) {
                throw new ModuleException(Errno.EWOULDBLOCK, m.name() + ": in use by " + users + " user(s)");
            }
            if (force) {
                taint.add(Taint.Flag.FORCED_RMMOD);
                if (users > 0) {
                    log.printk(KERN_WARNING, "%s: forced unload while in use", m.name());
                }
            }
            m.state(ModuleState.GOING);
        }
        teardown(m);
    }

    /** Runs exit and removes the bundle of a module already marked GOING. */
    private void teardown(LoadedModule m) {
        KernelModule instance = m.instance();
        if (instance != null) {
            try {
                callWithTimeout(m, () -> {
                    instance.exit();
                    return null;
                });
            } catch (TimeoutException e) {
                log.printk(KERN_ERR, "%s: exit did not return within %d ms", m.name(), initTimeoutMillis);
            } catch (ExecutionException e) {
                log.printk(KERN_ERR, "%s: exit failed: %s", m.name(), e.getCause());
            } catch (ModuleException e) {
                log.printk(KERN_ERR, "%s", e.getMessage());
            }
        }
        Bundle b = m.bundle();
        try {
            if (b != null) {
                b.stop();
                uninstall(b);
            }
        } catch (BundleException | IllegalStateException e) {
            log.printk(KERN_ERR, "%s: bundle did not go away cleanly: %s", m.name(), e.getMessage());
        }
        registry.remove(m);
    }

    /**
     * Unloads every module, most recently loaded first, as a clean shutdown does. Nothing is
     * refused and nothing is tainted: the kernel is going down.
     */
    public void unloadAll() {
        for (LoadedModule m : registry.list()) {
            synchronized (m) {
                if (m.state() != ModuleState.LIVE) {
                    continue;
                }
                m.state(ModuleState.GOING);
            }
            teardown(m);
        }
        log.printk(KERN_INFO, "modkern: all modules unloaded");
    }

    /** The modules that use this one, through the framework's wiring, sorted by name as the seed's lsmod shows them. */
    public List<String> holders(LoadedModule m) {
        Set<String> out = new java.util.TreeSet<>();
        for (Bundle user : userBundles(m)) {
            LoadedModule um = registry.byBundle(user);
            if (um != null) {
                out.add(um.name());
            }
        }
        return new ArrayList<>(out);
    }

    /** The modules this one uses, through the framework's wiring. */
    public List<String> dependencies(LoadedModule m) {
        Set<String> out = new LinkedHashSet<>();
        Bundle b = m.bundle();
        BundleWiring w = b == null ? null : b.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getRequiredWires(null)) {
                LoadedModule dep = registry.byBundle(wire.getProviderWiring().getBundle());
                if (dep != null && dep != m) {
                    out.add(dep.name());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** lsmod's use count: bundles wired to the module plus explicit references. */
    public int users(LoadedModule m) {
        return userBundles(m).size() + m.refs().get();
    }

    private Set<Bundle> userBundles(LoadedModule m) {
        Set<Bundle> users = new LinkedHashSet<>();
        Bundle b = m.bundle();
        BundleWiring w = b == null ? null : b.adapt(BundleWiring.class);
        if (w != null) {
            for (BundleWire wire : w.getProvidedWires(null)) {
                Bundle user = wire.getRequirerWiring().getBundle();
                if (user != null && !user.equals(b) && user.getBundleId() != 0) {
                    users.add(user);
                }
            }
        }
        return users;
    }

    // ModuleOps: what modprobe uses

    @Override
    public boolean isLoaded(String name) {
        return registry.get(name) != null;
    }

    @Override
    public void insmod(Path jar, List<String> params, boolean force) throws ModuleException {
        load(jar, params, force);
    }

    @Override
    public void rmmod(String name, boolean force) throws ModuleException {
        unload(name, force);
    }

    @Override
    public List<String> holders(String name) {
        LoadedModule m = registry.get(name);
        return m == null ? List.of() : holders(m);
    }

    @Override
    public int refcnt(String name) {
        LoadedModule m = registry.get(name);
        return m == null ? 0 : users(m);
    }

    @Override
    public int runCommand(String commandLine) {
        ToIntFunction<String> runner = commandRunner;
        // no shell: the command is not found, as sh says
        return runner == null ? 127 : runner.applyAsInt(commandLine);
    }
}
