package org.modkern.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Boots modkern: embeds Felix, installs the kernel and shell bundles from {@code boot/bundles},
 * hands the kernel its root and command line, and exits with the console's status. It knows no
 * module: everything past the framework is the kernel's business.
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: modkern [--root DIR] [--cmdline 'ARGS'] [-c 'CMD; CMD']",
            "  --root DIR        root directory with lib/modules, etc, var (default: the distribution)",
            "  --cmdline 'ARGS'  kernel command line, as /proc/cmdline shows it",
            "  -c 'CMD; CMD'     run the commands, then shut down with the last one's status",
            "With a terminal the interactive shell opens; otherwise the commands on standard input run.");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Boots, runs the console, shuts down; returns the exit status. */
    static int run(String[] args) {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("modkern: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        if (opts.help) {
            System.out.println(USAGE);
            return 0;
        }
        Path home = Paths.get(System.getProperty("modkern.home", ".")).toAbsolutePath().normalize();
        Path root = opts.root != null ? opts.root : home;
        if (!Files.isDirectory(root)) {
            // a mistyped --root would otherwise boot an empty kernel and leave a var/ behind
            System.err.println("modkern: cannot use root " + root + ": No such file or directory");
            return 1;
        }
        try {
            Files.createDirectories(root.resolve("var/log"));
        } catch (IOException e) {
            System.err.println("modkern: cannot use root " + root + ": " + e.getMessage());
            return 1;
        }
        configureLogging(root);
        // slf4j-simple's first logger builds its date format, which loads the JDK's calendar
        // data (~50 ms): do it on a second thread while Felix initializes, and join it before
        // any bundle starts, so that the kernel finds slf4j ready just as it did without this
        Thread logInit = new Thread(() -> org.slf4j.LoggerFactory.getLogger("kernel"), "modkern-log-init");
        logInit.setDaemon(true);
        logInit.start();
        AtomicInteger status = new AtomicInteger();
        Framework fw = newFramework(frameworkProperties(root, opts));
        Thread hook = new Thread(() -> stop(fw), "modkern-sigterm");
        try {
            // JLine finds its terminal providers through the context class loader (NOTES-osgi)
            Thread.currentThread().setContextClassLoader(null);
            fw.init();
            BundleContext ctx = fw.getBundleContext();
            Hashtable<String, Object> exitProps = new Hashtable<>();
            exitProps.put("modkern.exit", "true");
            ctx.registerService(IntConsumer.class, code -> {
                status.set(code);
                new Thread(() -> stop(fw), "modkern-exit").start();
            }, exitProps);
            List<Bundle> bundles = install(ctx, home.resolve("boot/bundles"));
            logInit.join();
            fw.start();
            startAll(fw, bundles);
            Runtime.getRuntime().addShutdownHook(hook);
            fw.waitForStop(0);
        } catch (BundleException | IOException e) {
            System.err.println("modkern: boot failed: " + e.getMessage());
            stop(fw);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down through the hook
        }
        return status.get();
    }

    /** Felix's resolver thread count. */
    static final String RESOLVER_PARALLELISM = "felix.resolver.parallelism";

    private static Map<String, String> frameworkProperties(Path root, Options opts) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, root.resolve("var/cache/felix").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the kernel forwards its log to slf4j on the class path, which the launcher configures
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=\"" + slf4jVersion() + "\"");
        p.put("felix.log.level", "1");
        // modules resolve one at a time: Felix's resolver threads cost each insmod more than
        // they save on a resolve of one bundle (about 0.1 ms of a 2 ms load and unload)
        p.put(RESOLVER_PARALLELISM, "1");
        p.put("modkern.root", root.toString());
        p.put("modkern.cmdline", opts.cmdline);
        p.put("modkern.console", opts.command != null ? "command" : opts.tty ? "interactive" : "stdin");
        if (opts.command != null) {
            p.put("modkern.console.command", opts.command);
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("modkern.") && !key.equals("modkern.home")) {
                p.put(key, System.getProperty(key));
            }
        }
        return p;
    }

    /**
     * The slf4j version on the class path, as the build recorded it in build.properties: reading
     * it from slf4j-api.jar's manifest would open that jar during boot (about 10 ms).
     */
    private static String slf4jVersion() {
        try (InputStream in = Main.class.getResourceAsStream("build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("slf4j.version", "");
            if (v.matches("\\d+(\\.\\d+){0,2}")) {
                return v;
            }
        } catch (IOException e) {
            // fall back to the jar's own word
        }
        Package pkg = org.slf4j.LoggerFactory.class.getPackage();
        String v = pkg == null ? null : pkg.getImplementationVersion();
        return v != null ? v.replaceAll("[^0-9.].*$", "") : "2.0.0";
    }

    /** kern.log: the kernel log as syslog would keep it. */
    private static void configureLogging(Path root) {
        setDefault("org.slf4j.simpleLogger.logFile", root.resolve("var/log/kern.log").toString());
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "MMM dd HH:mm:ss");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Felix, named directly: a ServiceLoader lookup would open every jar on the class path. */
    private static Framework newFramework(Map<String, String> props) {
        return new org.apache.felix.framework.FrameworkFactory().newFramework(props);
    }

    private static List<Bundle> install(BundleContext ctx, Path dir) throws IOException, BundleException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            ds.forEach(jars::add);
        }
        jars.sort(null);
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            bundles.add(ctx.installBundle(jar.toUri().toString()));
        }
        return bundles;
    }

    /**
     * Resolves the boot bundles in one pass, then starts them side by side, a thread each: the
     * kernel's activator is most of the boot's own work, and with a second CPU the shell's
     * bundles start meanwhile. The console waits for both. The first failure is thrown once
     * every start has returned.
     */
    static void startAll(Framework fw, List<Bundle> bundles) throws BundleException, InterruptedException {
        fw.adapt(FrameworkWiring.class).resolveBundles(bundles);
        AtomicReference<BundleException> failure = new AtomicReference<>();
        List<Thread> starters = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    b.start();
                } catch (BundleException e) {
                    failure.compareAndSet(null, e);
                }
            }, "modkern-start-" + b.getSymbolicName());
            t.start();
            starters.add(t);
        }
        for (Thread t : starters) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void stop(Framework fw) {
        try {
            if ((fw.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                fw.stop();
            }
            fw.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            // going down regardless
        }
    }

    /** The command line. */
    static final class Options {
        Path root;
        String cmdline = "";
        String command;
        boolean tty;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--root":
                        o.root = Paths.get(value(args, ++i, a)).toAbsolutePath().normalize();
                        break;
                    case "--cmdline":
                        o.cmdline = value(args, ++i, a);
                        break;
                    case "-c":
                        o.command = value(args, ++i, a);
                        break;
                    case "--tty":
                        o.tty = true;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String opt) {
            if (i >= args.length) {
                throw new IllegalArgumentException("option '" + opt + "' needs a value");
            }
            return args[i];
        }
    }
}
