package org.modkern.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Boots the distribution's kernel bundles in Felix with a fresh root (a copy of the
 * distribution's lib/ and etc/) and runs shell commands as a user would type them.
 */
public abstract class KernelTestSupport {

    /** The distribution the build just made. */
    protected static final Path DIST = Paths.get(System.getProperty("modkern.dist", "../launcher/target/modkern"));
    /** The kernel release, {@code uname -r}. */
    protected static final String RELEASE = System.getProperty("kernel.release", "0.1.0-modkern");

    /** What lsmod prints with no module loaded. */
    protected static final String EMPTY_LSMOD = "Module                  Size  Used by\n";

    @Inject
    protected BundleContext ctx;

    @Inject
    protected CommandProcessor processor;

    @Configuration
    public Option[] config() throws IOException {
        Path root = Roots.fresh(DIST);
        prepare(root);
        Path bundles = DIST.resolve("boot/bundles");
        return options(cleanCaches(), junitBundles(),
                frameworkProperty("modkern.root").value(root.toString()),
                frameworkProperty("modkern.cmdline").value(cmdline()),
                frameworkProperty("modkern.init.timeout.ms").value("1500"),
                bundle(bundles.resolve("kernel-api.jar").toUri().toString()),
                bundle(bundles.resolve("org.apache.felix.gogo.runtime.jar").toUri().toString()),
                bundle(bundles.resolve("kernel-core.jar").toUri().toString()));
    }

    /** Adds what a test class needs to its root before the kernel boots (modprobe.d, modules-load.d). */
    protected void prepare(Path root) throws IOException {
    }

    /** The kernel command line this test class boots with. */
    protected String cmdline() {
        return "quiet";
    }

    /** The root directory the kernel runs on. */
    protected Path root() {
        return Paths.get(ctx.getProperty("modkern.root"));
    }

    /** The catalog directory, lib/modules/RELEASE. */
    protected Path modulesDir() {
        return root().resolve("lib/modules").resolve(RELEASE);
    }

    /** The hello module of the catalog. */
    protected Path helloJar() {
        return modulesDir().resolve("kernel/examples/hello.jar");
    }

    /** A module of the catalog's examples, such as {@code nvidia}. */
    protected Path exampleJar(String name) {
        return modulesDir().resolve("kernel/examples/" + name + ".jar");
    }

    /** The kernel log without its timestamps, one message a line. */
    protected String dmesgText() {
        return sh("dmesg").out().replaceAll("(?m)^\\[[ 0-9.]+\\] ", "");
    }

    /** What one command line printed and its exit status. */
    public record Run(int status, String out, String err) {
        /** Fails unless the status is 0, showing what the command said. */
        public Run ok() {
            if (status != 0) {
                throw new AssertionError("exit " + status + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    /** Runs a command line in a new Gogo session, as the console does. */
    protected Run sh(String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = 0;
        try (CommandSession s = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e)) {
            s.put("SCOPE", "kmod:*");
            Object result = s.execute(line);
            if (result != null) {
                o.println(result);
            }
        } catch (Exception ex) {
            status = statusOf(ex, e);
        }
        o.flush();
        e.flush();
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int statusOf(Throwable ex, PrintStream err) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t.getClass().getSimpleName().equals("CommandFailed") && m != null && m.startsWith("exit status ")) {
                return Integer.parseInt(m.substring("exit status ".length()));
            }
        }
        err.println(ex);
        return 1;
    }

    /**
     * Asserts that no module is loaded and nothing of {@code name} is left: no bundle, no
     * lsmod or /proc/modules line, no /sys/module entry, no symbol in /proc/kallsyms.
     */
    protected void assertNoTrace(String name) {
        org.junit.Assert.assertNull(bundleNamed(name));
        org.junit.Assert.assertEquals(EMPTY_LSMOD, sh("lsmod").out());
        org.junit.Assert.assertEquals("", sh("cat /proc/modules").out());
        org.junit.Assert.assertEquals(1, sh("cat /sys/module/" + name + "/initstate").status());
        org.junit.Assert.assertEquals(1, sh("cat /sys/module/" + name + "/taint").status());
        org.junit.Assert.assertFalse(sh("cat /proc/kallsyms").out().contains("[" + name + "]"));
    }

    /** Asserts that insmod of {@code jar} fails with kmod's words for the errno and leaves nothing of {@code name}. */
    protected void assertInsmodRefused(Path jar, String name, String strerror, String... options) {
        Run r = sh("insmod " + String.join(" ", options) + " " + jar);
        org.junit.Assert.assertEquals(1, r.status());
        org.junit.Assert.assertEquals("insmod: ERROR: could not insert module " + jar + ": " + strerror + "\n", r.err());
        assertNoTrace(name);
    }

    /** The installed bundle with this symbolic name, or null. */
    protected Bundle bundleNamed(String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }
}
