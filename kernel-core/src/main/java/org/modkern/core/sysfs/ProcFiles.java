package org.modkern.core.sysfs;

import java.util.List;
import org.modkern.api.Errno;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.loader.ModuleLoader;
import org.modkern.core.loader.ModuleRegistry;
import org.modkern.core.taint.Taint;

/** The fixed files of {@code /proc}: modules, cmdline, version and the kernel sysctls. */
public final class ProcFiles {

    private ProcFiles() {
    }

    /** Registers the files in {@code fs}. */
    public static void register(KernelFs fs, String release, String version, String cmdline,
            ModuleRegistry registry, ModuleLoader loader, Taint taint) {
        // classes, not lambdas: each lambda is spun at boot, which costs more than loading a class
        fs.register("/proc/modules", new KernelFs.Node() {
            @Override
            public String read() {
                return procModules(registry, loader);
            }
        });
        fs.register("/proc/cmdline", new KernelFs.Fixed(cmdline + "\n"));
        fs.register("/proc/version", new KernelFs.Fixed(version + "\n"));
        fs.register("/proc/sys/kernel/osrelease", new KernelFs.Fixed(release + "\n"));
        fs.register("/proc/sys/kernel/tainted", new KernelFs.Node() {
            @Override
            public String read() {
                return taint.mask() + "\n";
            }

            @Override
            public void write(String value) throws ModuleException {
                // as on Linux, root may add taint bits; none can be cleared
                long bits = parse(value);
                for (Taint.Flag f : Taint.Flag.values()) {
                    if ((bits & (1L << f.bit())) != 0) {
                        taint.add(f);
                    }
                }
            }
        });
        fs.register("/proc/sys/kernel/modules_disabled", new KernelFs.Node() {
            @Override
            public String read() {
                return (loader.modulesDisabled() ? 1 : 0) + "\n";
            }

            @Override
            public void write(String value) throws ModuleException {
                // the sysctl's range is [1, 1]: it can be switched off, never back on
                if (parse(value) != 1) {
                    throw new ModuleException(Errno.EINVAL, "modules_disabled: only 1 can be written");
                }
                loader.disableModules();
            }
        });
    }

    /**
     * {@code /proc/modules}: one line a module, most recent first:
     * {@code name size refcount users, state address (taints)}.
     */
    static String procModules(ModuleRegistry registry, ModuleLoader loader) {
        StringBuilder sb = new StringBuilder();
        for (LoadedModule m : registry.list()) {
            List<String> holders = loader.holders(m);
            sb.append(m.name()).append(' ').append(m.size()).append(' ').append(loader.users(m)).append(' ');
            if (holders.isEmpty()) {
                sb.append('-');
            } else {
                for (String h : holders) {
                    sb.append(h).append(',');
                }
            }
            long addr = m.bundle() == null ? 0 : m.bundle().getBundleId();
            sb.append(' ').append(m.state().procWord()).append(String.format(" 0x%016x", addr));
            if (m.taints() != 0) {
                sb.append(" (").append(Taint.letters(m.taints())).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static long parse(String value) throws ModuleException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ModuleException(Errno.EINVAL, "not a number: " + value.trim());
        }
    }
}
