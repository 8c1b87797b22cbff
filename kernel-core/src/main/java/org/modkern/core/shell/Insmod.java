// The insmod command: loads one module file, kmod's insmod.
package org.modkern.core.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.api.Errno;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.ModuleException;

/** {@code insmod [-f] FILE [param=value ...]}: loads one module file, kmod's insmod. */
public final class Insmod {

    private static final String USAGE = "Usage:\n"
            + "\tinsmod [options] filename [args]\n"
            + "Options:\n"
            + "\t-f, --force   ignore the module's vermagic and symbol versions (taints the kernel F)\n"
            + "\t-h, --help    show this help";

    private final Kernel kernel;

    Insmod(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("insert a module into the kernel")
    public void insmod(CommandSession session,
            @Descriptor("ignore the module's vermagic and symbol versions (taints the kernel F); a missing or forbidden symbol still fails")
            @Parameter(names = {"-f", "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("module file, then parameters name=value") String... args) {
        if (args.length == 0) {
            throw CommandFailed.fail("insmod: ERROR: missing filename.");
        }
        if (Commands.helpOrBadOption("insmod", args[0], USAGE)) {
            return;
        }
        String file = args[0];
        Path jar = Commands.resolve(session, file);
        if (!Files.exists(jar)) {
            throw CommandFailed.fail("insmod: ERROR: could not load module " + file + ": " + Errno.strerror(Errno.ENOENT));
        }
        try {
            kernel.loader().load(jar, List.of(args).subList(1, args.length), force);
        } catch (ModuleException e) {
            throw CommandFailed.fail("insmod: ERROR: could not insert module " + file + ": "
                    + ModuleException.insmodStrerror(e.errno()));
        }
    }
}
