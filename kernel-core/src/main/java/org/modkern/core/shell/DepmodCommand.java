package org.modkern.core.shell;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.modkern.core.kernel.Kernel;

/** {@code depmod [-b ROOT] [-n] [release]}: rebuilds the module indexes; the kernel reads them at once. */
public final class DepmodCommand {

    private final Kernel kernel;

    DepmodCommand(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("generate modules.dep, modules.alias, modules.symbols and modules.softdep (-b ROOT, -n, release)")
    public void depmod(@Descriptor("options and release") String... args) {
        int status = kernel.kmod().depmod(List.of(args), System.out, System.err);
        System.out.flush();
        if (status != 0) {
            throw new CommandFailed(status);
        }
    }
}
