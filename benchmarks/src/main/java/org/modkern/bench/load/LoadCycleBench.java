// JMH: one insmod + rmmod of hello in a running kernel, against bare Felix install/start/stop/uninstall.
package org.modkern.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The load cycle of issue 2: load and unload the hello module inside one running kernel, against
 * bare Felix doing install/start/stop/uninstall of the same jar in the same framework.
 *
 * <p>Each fork boots Felix 7 with the distribution's boot bundles (kernel-api, kernel-core, Gogo
 * runtime and command, JLine), started as {@code bin/modkern} starts them but without a console,
 * and with the JVM flags {@code bin/modkern} runs the kernel with. One invocation is one whole
 * cycle; {@link Mode#SampleTime} gives its distribution (median, p90).
 *
 * <ul>
 * <li>{@link #felix}: the baseline. {@code installBundle(location, InputStream)}, {@code start},
 * {@code stop}, {@code uninstall}: what the framework itself costs.
 * <li>{@link #felixCode}: the baseline plus loading and constructing the jar's {@code Module-Init}
 * class through the framework, between start and stop: what any bundle whose code runs costs
 * Felix, before the kernel does anything of its own. hello.jar has no {@code Bundle-Activator},
 * so the baseline never loads a class from it; a module load always does.
 * <li>{@link #felixGogo}: the same four steps as Gogo's own commands ({@code felix:install},
 * {@code start -t}, {@code stop}, {@code uninstall}): the baseline for a cycle typed in the shell.
 * <li>{@link #gogo}: {@code insmod .../hello.jar} and {@code rmmod hello} run as shell commands
 * through a Gogo {@code CommandSession}, as a user or a script does: the kernel's load pipeline
 * (manifest read, checks, install, resolve, start, parameters, init and exit on the kernel's init
 * thread, registry, sysfs) plus Gogo's parsing and command dispatch.
 * <li>{@link #kernel}: the same load and unload without the shell, calling the kernel's
 * {@code ModuleLoader.load}/{@code unload}. kernel-core publishes no kernel service, so this
 * reaches the loader by reflection through the insmod command's private {@code kernel} field: a
 * measuring device only, not an API, and the first thing to break when kernel-core's insides change.
 * </ul>
 *
 * <p>The distribution comes from {@code -p dist=DIR} (default: system property
 * {@code modkern.dist}, else {@code launcher/target/modkern}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
public class LoadCycleBench {

    /** The distribution directory, launcher/target/modkern. */
    @Param({""})
    public String dist;

    /**
     * Where the framework cache goes (a new directory inside it); empty: the system's temp
     * directory. Felix writes and deletes a bundle's cache files on every install and uninstall,
     * so a disk shared with other work makes every kind of cycle noisy; a tmpfs such as
     * {@code /dev/shm} leaves the CPU work.
     */
    @Param({""})
    public String storage;

    private Path cache;
    private Framework framework;
    private BundleContext ctx;
    private Path hello;
    private String helloLocation;
    private Object session;
    private Method execute;
    private Method put;
    private Object loader;
    private Method load;
    private Method unload;

    @Setup(Level.Trial)
    public void boot() throws Exception {
        Path home = distribution(dist);
        hello = helloJar(home);
        helloLocation = hello.toUri().toString();
        cache = storage == null || storage.isBlank() ? Files.createTempDirectory("load-cycle-")
                : Files.createTempDirectory(Paths.get(storage), "load-cycle-");
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, cache.resolve("felix").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.log.level", "1");
        // as the launcher sets it for the running kernel: every cycle in this framework gets it
        props.put("felix.resolver.parallelism", "1");
        props.put("modkern.root", cache.toString());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, getClass().getClassLoader())
                .findFirst().orElseThrow();
        framework = factory.newFramework(props);
        framework.init();
        ctx = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.resolve("boot/bundles"), "*.jar")) {
            List<Path> jars = new ArrayList<>();
            ds.forEach(jars::add);
            jars.sort(null);
            for (Path jar : jars) {
                bundles.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        framework.start();
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        openSession();
        findLoader();
    }

    @TearDown(Level.Trial)
    public void shutdown() throws Exception {
        if (session != null) {
            session.getClass().getMethod("close").invoke(session);
        }
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
        if (cache != null) {
            try (Stream<Path> s = Files.walk(cache)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Baseline: the framework's own install, start, stop and uninstall of hello.jar. */
    @Benchmark
    public long felix() throws Exception {
        Bundle b = installAndStart();
        long id = b.getBundleId();
        b.stop();
        b.uninstall();
        return id;
    }

    /**
     * The baseline plus the framework's share of running module code: load the jar's
     * {@code Module-Init} class from the bundle and construct it, as the kernel does before init.
     */
    @Benchmark
    public Object felixCode() throws Exception {
        Bundle b = installAndStart();
        Object init = b.loadClass(b.getHeaders("").get("Module-Init")).getConstructor().newInstance();
        b.stop();
        b.uninstall();
        return init;
    }

    /** Installs hello.jar from a stream, as the kernel installs a module, and starts it transiently. */
    private Bundle installAndStart() throws Exception {
        Bundle b;
        try (InputStream in = Files.newInputStream(hello)) {
            b = ctx.installBundle(helloLocation, in);
        }
        b.start(Bundle.START_TRANSIENT);
        return b;
    }

    /**
     * The baseline through the same shell: Gogo's own {@code felix:install}, {@code start -t},
     * {@code stop} and {@code uninstall} commands, so that the shell's cost per command shows.
     */
    @Benchmark
    public Object felixGogo() throws Exception {
        // install answers "Bundle ID: 12"
        String installed = String.valueOf(execute.invoke(session, "felix:install " + helloLocation));
        String id = installed.substring(installed.lastIndexOf(' ') + 1).trim();
        execute.invoke(session, "felix:start -t " + id);
        // stop and uninstall take Bundle objects, and the id-to-Bundle converter lives in
        // gogo.jline, which the distribution leaves out: hand the shell the bundle as $b
        put.invoke(session, "b", ctx.getBundle(Long.parseLong(id)));
        execute.invoke(session, "felix:stop $b");
        return execute.invoke(session, "felix:uninstall $b");
    }

    /** {@code insmod .../hello.jar; rmmod hello} through a Gogo session. */
    @Benchmark
    public Object gogo() throws Exception {
        execute.invoke(session, "insmod " + hello);
        return execute.invoke(session, "rmmod hello");
    }

    /** The kernel's load and unload of hello.jar, without the shell. */
    @Benchmark
    public Object kernel() throws Exception {
        Object m = load.invoke(loader, hello, List.of(), false);
        unload.invoke(loader, "hello", false);
        return m;
    }

    /** A Gogo session like the console's: kernel commands first. */
    private void openSession() throws Exception {
        ServiceReference<?> ref = ctx.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        if (ref == null) {
            throw new IllegalStateException("no Gogo CommandProcessor: is org.apache.felix.gogo.runtime in boot/bundles?");
        }
        Object processor = ctx.getService(ref);
        ClassLoader gogo = processor.getClass().getClassLoader();
        Class<?> api = gogo.loadClass("org.apache.felix.service.command.CommandProcessor");
        Class<?> sessionApi = gogo.loadClass("org.apache.felix.service.command.CommandSession");
        PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
        session = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, InputStream.nullInputStream(), nul, nul);
        put = sessionApi.getMethod("put", String.class, Object.class);
        put.invoke(session, "SCOPE", "kmod:*");
        execute = sessionApi.getMethod("execute", CharSequence.class);
    }

    /** The kernel's ModuleLoader, through the insmod command's private kernel field. */
    private void findLoader() throws Exception {
        ServiceReference<?>[] refs = ctx.getServiceReferences((String) null, "(osgi.command.function=insmod)");
        if (refs == null) {
            throw new IllegalStateException("no insmod command registered: did kernel-core start?");
        }
        Object insmod = ctx.getService(refs[0]);
        try {
            Field f = insmod.getClass().getDeclaredField("kernel");
            f.setAccessible(true);
            Object kernel = f.get(insmod);
            loader = kernel.getClass().getMethod("loader").invoke(kernel);
            load = loader.getClass().getMethod("load", Path.class, List.class, boolean.class);
            unload = loader.getClass().getMethod("unload", String.class, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kernel-core's insides changed (Insmod.kernel, Kernel.loader(), "
                    + "ModuleLoader.load/unload): update LoadCycleBench.kernel or drop it", e);
        }
    }

    static Path distribution(String dist) {
        String d = dist != null && !dist.isBlank() ? dist : System.getProperty("modkern.dist", "launcher/target/modkern");
        Path home = Paths.get(d).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("boot/bundles"))) {
            throw new IllegalArgumentException(home + " is no modkern distribution (no boot/bundles): pass -p dist=DIR");
        }
        return home;
    }

    static Path helloJar(Path home) throws IOException {
        try (Stream<Path> s = Files.walk(home.resolve("lib/modules"))) {
            return s.filter(p -> p.getFileName().toString().equals("hello.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no hello.jar under " + home.resolve("lib/modules")));
        }
    }
}
