package org.modkern.core.shell;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.modkern.core.kernel.Kernel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Registers the kernel's Gogo commands (scope {@code kmod}), one small class each. */
public final class Commands {

    /** The Gogo scope of every kernel command. */
    public static final String SCOPE = "kmod";

    private Commands() {
    }

    /** Registers every command; the registrations go away with the kernel bundle. */
    public static List<ServiceRegistration<?>> register(BundleContext ctx, Kernel kernel) {
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        regs.add(register(ctx, new Lsmod(kernel), "lsmod"));
        regs.add(register(ctx, new Insmod(kernel), "insmod"));
        regs.add(register(ctx, new Rmmod(kernel), "rmmod"));
        regs.add(register(ctx, new Modinfo(kernel), "modinfo"));
        regs.add(register(ctx, new ModprobeCommand(kernel), "modprobe"));
        regs.add(register(ctx, new DepmodCommand(kernel), "depmod"));
        regs.add(register(ctx, new Modsyms(kernel), "modsyms"));
        regs.add(register(ctx, new Modsign(), "modsign"));
        regs.add(register(ctx, new Dmesg(kernel), "dmesg"));
        regs.add(register(ctx, new Uname(kernel), "uname"));
        FsCommands fs = new FsCommands(kernel);
        regs.add(register(ctx, fs, "cat", "echo", "ls", "tee"));
        regs.add(register(ctx, new Sysctl(kernel), "sysctl"));
        regs.add(register(ctx, new TextCommands(fs), "grep", "head", "tail", "wc"));
        regs.add(register(ctx, new Power(ctx), "shutdown", "poweroff", "reboot"));
        return regs;
    }

    private static ServiceRegistration<?> register(BundleContext ctx, Object command, String... functions) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CommandProcessor.COMMAND_SCOPE, SCOPE);
        props.put(CommandProcessor.COMMAND_FUNCTION, functions);
        return ctx.registerService(Object.class.getName(), command, props);
    }

    /**
     * An argument in the place of an option the command does not declare, as kmod's tools
     * treat it: {@code -h} or {@code --help} prints {@code usage} (true: the command is done),
     * another {@code -x} fails with "unrecognized option". False for an argument that is no option.
     */
    static boolean helpOrBadOption(String tool, String arg, String usage) {
        if (arg.equals("-h") || arg.equals("--help")) {
            System.out.println(usage);
            return true;
        }
        if (arg.length() > 1 && arg.startsWith("-")) {
            throw CommandFailed.fail(tool + ": ERROR: unrecognized option '" + arg + "'");
        }
        return false;
    }

    /** A path as the user typed it, resolved against the session's directory. */
    static Path resolve(CommandSession session, String file) {
        Path cwd = session == null ? null : session.currentDir();
        if (cwd == null || cwd.getFileSystem() != FileSystems.getDefault()) {
            cwd = Paths.get(System.getProperty("user.dir"));
        }
        return cwd.resolve(file).normalize();
    }
}
