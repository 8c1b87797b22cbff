package org.modkern.core.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.api.Errno;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.loader.ModuleException;

/** {@code rmmod [-f] [-s] [-v] NAME...}: unloads modules, kmod's rmmod with its checks and words. */
public final class Rmmod {

    private static final String USAGE = "Usage:\n"
            + "\trmmod [options] modulename ...\n"
            + "Options:\n"
            + "\t-f, --force   remove a module even if it is in use (taints the kernel)\n"
            + "\t-h, --help    show this help";

    /** kmod's -s (log to syslog) and -v (verbose): nothing to change here, rmmod says nothing on success. */
    private static final Set<String> QUIET_OPTIONS = Set.of("-s", "--syslog", "-v", "--verbose");

    private final Kernel kernel;

    Rmmod(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("remove a module from the kernel")
    public void rmmod(
            @Descriptor("remove even if in use (taints the kernel)")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("module names or files") String... names) {
        List<String> modules = new ArrayList<>();
        for (String arg : names) {
            if (QUIET_OPTIONS.contains(arg)) {
                continue;
            }
            if (Commands.helpOrBadOption("rmmod", arg, USAGE)) {
                return;
            }
            modules.add(arg);
        }
        if (modules.isEmpty()) {
            throw CommandFailed.fail("rmmod: ERROR: missing module name.");
        }
        boolean failed = false;
        for (String arg : modules) {
            failed |= !remove(moduleName(arg), force);
        }
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    private boolean remove(String name, boolean force) {
        LoadedModule m = kernel.registry().get(name);
        if (m == null) {
            System.err.println("rmmod: ERROR: Module " + name + " is not currently loaded");
            return false;
        }
        if (!force) {
            // kmod checks holders before asking the kernel, to name them
            List<String> holders = kernel.loader().holders(m);
            if (!holders.isEmpty()) {
                System.err.println("rmmod: ERROR: Module " + m.name() + " is in use by: " + String.join(" ", holders));
                return false;
            }
            if (kernel.loader().users(m) > 0) {
                System.err.println("rmmod: ERROR: Module " + m.name() + " is in use");
                return false;
            }
        }
        try {
            kernel.loader().unload(m.name(), force);
            return true;
        } catch (ModuleException e) {
            if (e.errno() == Errno.EWOULDBLOCK) {
                System.err.println("rmmod: ERROR: Module " + m.name() + " is in use");
            } else {
                System.err.println("rmmod: ERROR: could not remove module " + m.name() + ": " + e.strerror());
            }
            return false;
        }
    }

    /** rmmod takes a name or a path: {@code /x/y/hello.jar} means {@code hello}. */
    static String moduleName(String arg) {
        String n = arg.substring(arg.lastIndexOf('/') + 1);
        if (n.endsWith(".jar")) {
            n = n.substring(0, n.length() - 4);
        }
        return n.replace('-', '_');
    }
}
