package org.modkern.core.shell;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.LoadedModule;

/** {@code lsmod}: the loaded modules with size, use count and users, as kmod prints them. */
public final class Lsmod {

    private final Kernel kernel;

    Lsmod(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("show the status of modules in the kernel")
    public void lsmod() {
        StringBuilder sb = new StringBuilder("Module                  Size  Used by\n");
        for (LoadedModule m : kernel.registry().list()) {
            sb.append(String.format("%-19s %8d  %d", m.name(), m.size(), kernel.loader().users(m)));
            List<String> holders = kernel.loader().holders(m);
            if (!holders.isEmpty()) {
                sb.append(' ').append(String.join(",", holders));
            }
            sb.append('\n');
        }
        System.out.print(sb);
    }
}
