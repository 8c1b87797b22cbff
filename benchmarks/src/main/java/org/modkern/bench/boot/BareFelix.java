// The boot benchmark's baseline: bare Felix with the distribution's Gogo bundles, one command, exit.
package org.modkern.bench.boot;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What {@code bin/modkern -c 'lsmod'} does, minus the kernel: boots Felix 7 with the same
 * framework settings as the launcher (a storage directory cleaned on first init, bundles
 * installed from {@code file:} URLs, the context class loader set to null, resolved in one pass
 * and started side by side), installs and starts the Gogo runtime, Gogo command and JLine
 * bundles of the distribution, runs one command
 * through a Gogo {@code CommandProcessor} session, stops the framework and exits with 0, or 1 if
 * the command failed.
 *
 * <p>Usage: {@code java -cp org.apache.felix.framework.jar:bare-felix.jar
 * org.modkern.bench.boot.BareFelix DIST STORAGE [COMMAND]} where DIST is
 * {@code launcher/target/modkern}. Nothing but the framework jar and this class is on the class
 * path: the Gogo API lives in the Gogo runtime bundle and is called through its class loader.
 */
public final class BareFelix {

    /** The distribution's Gogo bundles: the ones bin/modkern installs next to the kernel's. */
    static final List<String> GOGO_BUNDLES = List.of(
            "jline.jar", "org.apache.felix.gogo.command.jar", "org.apache.felix.gogo.runtime.jar");

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private BareFelix() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareFelix DIST STORAGE [COMMAND]");
            System.exit(2);
        }
        Path dist = Paths.get(args[0]).toAbsolutePath().normalize();
        Path storage = Paths.get(args[1]).toAbsolutePath().normalize();
        String command = args.length > 2 ? args[2] : "lb";
        System.exit(run(dist, storage, command));
    }

    static int run(Path dist, Path storage, String command) throws Exception {
        Files.createDirectories(storage);
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.log.level", "1");
        props.put("felix.resolver.parallelism", "1");
        // named directly, as the launcher does, rather than found by a ServiceLoader scan
        Framework fw = new org.apache.felix.framework.FrameworkFactory().newFramework(props);
        Thread.currentThread().setContextClassLoader(null);
        trace("new framework");
        fw.init();
        trace("init");
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (String jar : GOGO_BUNDLES) {
            bundles.add(ctx.installBundle(dist.resolve("boot/bundles").resolve(jar).toUri().toString()));
        }
        trace("installed");
        fw.start();
        trace("fw started");
        // as the launcher does: resolve in one pass, then start every bundle on its own thread
        fw.adapt(FrameworkWiring.class).resolveBundles(bundles);
        List<Thread> starters = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                Thread t = new Thread(() -> {
                    try {
                        b.start();
                    } catch (BundleException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                starters.add(t);
            }
        }
        for (Thread t : starters) {
            t.join();
        }
        trace("bundles started");
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(ctx, PROCESSOR, null);
        tracker.open();
        try {
            Object processor = tracker.waitForService(30_000);
            trace("processor");
            return processor == null ? 1 : execute(processor, command);
        } finally {
            tracker.close();
            fw.stop();
            fw.waitForStop(30_000);
            trace("stopped");
        }
    }

    /**
     * Runs the command through the Gogo API. The processor comes from the Gogo runtime bundle's
     * class loader, so the API is called reflectively rather than through this class's own
     * copy of the interfaces.
     */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");
    private static final long T0 = System.nanoTime();

    private static void trace(String what) {
        if (TRACE) {
            System.err.printf("%6.1f ms %s%n", (System.nanoTime() - T0) / 1e6, what);
        }
    }

    private static int execute(Object processor, String command) throws Exception {
        InputStream in = InputStream.nullInputStream();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        Class<?> api = processor.getClass().getClassLoader().loadClass(PROCESSOR);
        Object session = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, in, out, err);
        Class<?> sessionApi = api.getClassLoader().loadClass("org.apache.felix.service.command.CommandSession");
        try {
            Object result = sessionApi.getMethod("execute", CharSequence.class).invoke(session, command);
            if (result != null) {
                Object text = sessionApi.getMethod("format", Object.class, int.class).invoke(session, result, 0);
                out.println(text);
            }
            trace("command");
            return 0;
        } catch (java.lang.reflect.InvocationTargetException e) {
            err.println("bare-felix: " + e.getCause());
            return 1;
        } finally {
            sessionApi.getMethod("close").invoke(session);
            out.flush();
        }
    }
}
