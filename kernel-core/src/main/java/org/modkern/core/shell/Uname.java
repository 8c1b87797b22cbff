package org.modkern.core.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.core.kernel.Kernel;

/** {@code uname [-a|-s|-n|-r|-v|-m]}: the kernel's name and release. */
public final class Uname {

    private final Kernel kernel;

    Uname(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("print system information")
    public void uname(
            @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false") boolean all,
            @Parameter(names = {"-s", "--kernel-name"}, presentValue = "true", absentValue = "false") boolean sysname,
            @Parameter(names = {"-n", "--nodename"}, presentValue = "true", absentValue = "false") boolean node,
            @Parameter(names = {"-r", "--kernel-release"}, presentValue = "true", absentValue = "false") boolean release,
            @Parameter(names = {"-v", "--kernel-version"}, presentValue = "true", absentValue = "false") boolean version,
            @Parameter(names = {"-m", "--machine"}, presentValue = "true", absentValue = "false") boolean machine) {
        List<String> out = new ArrayList<>();
        boolean none = !(all || sysname || node || release || version || machine);
        if (all || sysname || none) {
            out.add("modkern");
        }
        if (all || node) {
            out.add(hostname());
        }
        if (all || release) {
            out.add(kernel.config().release());
        }
        if (all || version) {
            out.add("#1 SMP");
        }
        if (all || machine) {
            String arch = System.getProperty("os.arch");
            out.add("amd64".equals(arch) ? "x86_64" : arch);
        }
        System.out.println(String.join(" ", out));
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
