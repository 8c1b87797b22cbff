package org.modkern.core.kernel;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.osgi.framework.BundleContext;

/**
 * How this kernel was booted: its root directory, release, command line and limits, read from
 * framework properties that the launcher (or a test) sets.
 *
 * @param root the root directory holding {@code lib/modules}, {@code etc}, {@code var}
 * @param release what {@code uname -r} prints
 * @param cmdline the kernel command line, {@code /proc/cmdline}
 * @param initTimeoutMillis how long a module's init or exit may run
 */
public record KernelConfig(Path root, String release, String cmdline, long initTimeoutMillis) {

    /** Framework property naming the root directory. */
    public static final String ROOT = "modkern.root";
    /** Framework property holding the kernel command line. */
    public static final String CMDLINE = "modkern.cmdline";
    /** Framework property: milliseconds a module init may take (default 30000). */
    public static final String INIT_TIMEOUT = "modkern.init.timeout.ms";

    /** Reads the configuration; the release comes from the kernel bundle's Kernel-Release header. */
    public static KernelConfig from(BundleContext ctx) {
        String root = ctx.getProperty(ROOT);
        String cmdline = ctx.getProperty(CMDLINE);
        String timeout = ctx.getProperty(INIT_TIMEOUT);
        String release = ctx.getBundle().getHeaders("").get("Kernel-Release");
        return new KernelConfig(
                Paths.get(root != null ? root : System.getProperty("user.dir")).toAbsolutePath().normalize(),
                release != null ? release : "0.0.0-modkern",
                cmdline != null ? cmdline.trim() : "",
                timeout != null ? Long.parseLong(timeout.trim()) : 30_000);
    }

    /** {@code lib/modules/<release>}: the module catalog and its indexes. */
    public Path modulesDir() {
        return root.resolve("lib/modules").resolve(release);
    }

    /** The kernel's vermagic: what modules built for it carry in Module-Vermagic. */
    public String vermagic() {
        return release + " SMP mod_unload modversions";
    }
}
