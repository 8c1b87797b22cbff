package org.modkern.core.shell;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.modkern.core.kernel.Kernel;

/** {@code modprobe [options] NAME|ALIAS [param=value ...]}: kmod's modprobe on the kernel's catalog. */
public final class ModprobeCommand {

    private final Kernel kernel;

    ModprobeCommand(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("add and remove modules with their dependencies, by name or alias "
            + "(-r -n -v -q -a -b -f -R --show-depends --first-time -c)")
    public void modprobe(@Descriptor("options, then a module name or alias and its parameters") String... args) {
        int status = kernel.kmod().modprobe().run(List.of(args), System.out, System.err);
        System.out.flush();
        if (status != 0) {
            throw new CommandFailed(status);
        }
    }
}
