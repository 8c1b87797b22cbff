package org.modkern.core.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.ModuleException;

/** {@code sysctl [-n] [-w] KEY[=VALUE]...} and {@code sysctl -a}: the kernel parameters under /proc/sys. */
public final class Sysctl {

    private static final String USAGE = "Usage:\n sysctl [options] [variable[=value] ...]\n\n"
            + "Options:\n  -a, --all            display all variables\n"
            + "  -n, --values         print only values of the given variable(s)\n"
            + "  -w, --write          enable writing a value to variable\n"
            + "  -h, --help           display this help and exit";

    private final Kernel kernel;

    Sysctl(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("read or write kernel parameters at runtime")
    public void sysctl(
            @Descriptor("print values only")
            @Parameter(names = {"-n", "--values"}, presentValue = "true", absentValue = "false") boolean valuesOnly,
            @Descriptor("write the given KEY=VALUE settings")
            @Parameter(names = {"-w", "--write"}, presentValue = "true", absentValue = "false") boolean write,
            @Descriptor("display all variables")
            @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Descriptor("kernel.tainted, kernel.modules_disabled=1 ...") String... settings) throws ModuleException {
        for (String s : settings) {
            if (Commands.helpOrBadOption("sysctl", s, USAGE)) {
                return;
            }
        }
        if (all) {
            settings = variables("/proc/sys", "").toArray(new String[0]);
        } else if (settings.length == 0) {
            throw CommandFailed.fail("sysctl: no variables specified");
        }
        boolean failed = false;
        for (String s : settings) {
            int eq = s.indexOf('=');
            boolean assign = eq >= 0;
            String key = (assign ? s.substring(0, eq) : s).trim();
            String path = "/proc/sys/" + key.replace('.', '/');
            try {
                if (assign) {
                    if (!write) {
                        System.err.println("sysctl: \"" + s + "\" must be of the form name=value with -w");
                        failed = true;
                        continue;
                    }
                    String value = s.substring(eq + 1).trim();
                    kernel.fs().write(path, value);
                    System.out.println(valuesOnly ? value : key + " = " + value);
                } else {
                    String value = kernel.fs().read(path).strip();
                    System.out.println(valuesOnly ? value : key + " = " + value);
                }
            } catch (ModuleException e) {
                if (e.errno() == org.modkern.api.Errno.ENOENT) {
                    System.err.println("sysctl: cannot stat " + path + ": No such file or directory");
                } else {
                    System.err.println("sysctl: setting key \"" + key + "\": " + e.strerror());
                }
                failed = true;
            }
        }
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    /** The variables under a /proc/sys directory, as sysctl names them ({@code kernel.tainted}), sorted. */
    private List<String> variables(String dir, String prefix) throws ModuleException {
        List<String> out = new ArrayList<>();
        for (String name : kernel.fs().list(dir)) { // sorted
            String path = dir + "/" + name;
            if (kernel.fs().isDirectory(path)) {
                out.addAll(variables(path, prefix + name + "."));
            } else {
                out.add(prefix + name);
            }
        }
        return out;
    }
}
