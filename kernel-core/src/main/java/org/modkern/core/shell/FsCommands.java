package org.modkern.core.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.sysfs.KernelFs;

/**
 * {@code cat}, {@code echo} and {@code ls}: enough of coreutils to read and write the kernel's
 * {@code /proc} and {@code /sys} files; other paths are the host's files.
 */
public final class FsCommands {

    private final Kernel kernel;

    FsCommands(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("print files; /proc and /sys are the kernel's")
    public void cat(CommandSession session, @Descriptor("files") String... files) throws IOException {
        boolean failed = false;
        for (String f : files) {
            try {
                System.out.print(read(session, f));
            } catch (ModuleException e) {
                System.err.println("cat: " + f + ": " + e.strerror());
                failed = true;
            } catch (NoSuchFileException e) {
                System.err.println("cat: " + f + ": No such file or directory");
                failed = true;
            }
        }
        System.out.flush();
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    @Descriptor("print the arguments; with > into a /sys file, write it")
    public void echo(@Descriptor("words") String... words) {
        System.out.println(String.join(" ", words));
    }

    @Descriptor("copy standard input to files and to standard output; /proc and /sys are the kernel's")
    public void tee(CommandSession session, @Descriptor("files") String... files) throws IOException {
        String data = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.print(data);
        System.out.flush();
        boolean failed = false;
        for (String f : files) {
            failed |= !write(session, f, data, "tee: " + f);
        }
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    /** What {@code echo V > /sys/...} becomes (see {@link Redirects}): writes standard input into a kernel file. */
    void kernfsWrite(String path) throws IOException {
        String data = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!write(null, path, data, "echo: write error")) {
            throw new CommandFailed(1);
        }
    }

    private boolean write(CommandSession session, String f, String data, String what) throws IOException {
        if (!KernelFs.owns(f)) {
            Files.writeString(Commands.resolve(session, f), data);
            return true;
        }
        try {
            kernel.fs().write(f, data);
            return true;
        } catch (ModuleException e) {
            System.err.println((e.errno() == org.modkern.api.Errno.ENOENT || e.errno() == org.modkern.api.Errno.EACCES
                    ? f : what) + ": " + e.strerror());
            return false;
        }
    }

    @Descriptor("list a directory; /proc and /sys are the kernel's")
    public void ls(CommandSession session, @Descriptor("directories") String... dirs) throws IOException {
        String[] targets = dirs.length == 0 ? new String[] {"."} : dirs;
        for (String d : targets) {
            try {
                if (KernelFs.owns(d)) {
                    kernel.fs().list(d).forEach(System.out::println);
                } else {
                    try (Stream<Path> s = Files.list(Commands.resolve(session, d))) {
                        s.map(p -> p.getFileName().toString()).sorted().forEach(System.out::println);
                    }
                }
            } catch (ModuleException | NoSuchFileException e) {
                throw CommandFailed.fail("ls: cannot access '" + d + "': No such file or directory");
            }
        }
    }

    String read(CommandSession session, String f) throws ModuleException, IOException {
        if (KernelFs.owns(f)) {
            return kernel.fs().read(f);
        }
        return Files.readString(Commands.resolve(session, f));
    }
}
