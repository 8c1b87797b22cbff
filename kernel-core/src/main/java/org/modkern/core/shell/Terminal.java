package org.modkern.core.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.LoadedModule;

/**
 * The interactive shell on a terminal: JLine line editing, history kept in
 * {@code var/lib/modkern/history}, and completion of commands, module names and kernel paths.
 * Ctrl-C stops the running command; Ctrl-D or {@code shutdown} leaves.
 */
public final class Terminal implements AutoCloseable {

    private static final Set<String> LOADED_ARG = Set.of("rmmod");
    private static final Set<String> CATALOG_ARG = Set.of("modprobe", "modinfo");
    private static final Set<String> KERNFS_ARG = Set.of("cat", "ls", "tee", "echo");

    private final Kernel kernel;
    private final org.jline.terminal.Terminal terminal;
    private final Console console;

    public Terminal(Kernel kernel, org.apache.felix.service.command.CommandProcessor processor) throws IOException {
        this.kernel = kernel;
        this.terminal = TerminalBuilder.builder().system(true).nativeSignals(true).name("modkern").build();
        this.console = new Console(processor, kernel, terminal.input(), new java.io.PrintStream(terminal.output(), true),
                new java.io.PrintStream(terminal.output(), true));
        if (terminal.getWidth() <= 0) {
            // a pseudo-terminal nobody sized (script, some ssh clients): JLine cannot draw in 0 columns
            terminal.setSize(new org.jline.terminal.Size(80, 24));
        }
        terminal.handle(org.jline.terminal.Terminal.Signal.INT, s -> {
            // Gogo runs a command line as a job: interrupting the job ends it and frees the
            // foreground for the next line
            org.apache.felix.service.command.Job job = console.session().foregroundJob();
            if (job != null) {
                // the terminal echoed ^C: end its line before the job ends and the prompt comes, as in sh
                terminal.writer().println();
                terminal.writer().flush();
                job.interrupt();
            }
        });
    }

    /** Reads and runs lines until end of input; returns the last exit status. */
    public int loop() {
        Path history = kernel.config().root().resolve("var/lib/modkern/history");
        try {
            Files.createDirectories(history.getParent());
        } catch (IOException e) {
            // no history file then; the shell works all the same
        }
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("modkern")
                .completer(new KernelCompleter())
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        terminal.writer().println("modkern " + kernel.config().release() + " - type 'help' for commands, Ctrl-D to leave");
        while (true) {
            String line;
            try {
                line = reader.readLine("modkern# ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            } catch (RuntimeException e) {
                // the terminal was closed under us: the kernel is going down
                break;
            }
            if (line.isBlank()) {
                continue;
            }
            console.run(line);
            Thread.interrupted();
            if (console.halted()) {
                break;
            }
        }
        return console.status();
    }

    @Override
    public void close() {
        console.close();
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing left to do with a terminal that will not close
        }
    }

    /**
     * Completes command names, then by what the command takes: loaded modules ({@code rmmod},
     * {@code modprobe -r}), catalog names and aliases ({@code modprobe}), kernel paths or files.
     */
    private final class KernelCompleter implements Completer {
        private final FileNameCompleter files = new FileNameCompleter();

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            if (line.wordIndex() == 0) {
                commands().forEach(c -> candidates.add(new Candidate(c)));
                return;
            }
            String cmd = line.words().get(0);
            List<String> before = line.words().subList(1, line.wordIndex());
            boolean removing = cmd.equals("modprobe") && (before.contains("-r") || before.contains("--remove"));
            if (LOADED_ARG.contains(cmd) || removing) {
                kernel.registry().list().forEach(m -> candidates.add(new Candidate(m.name())));
            } else if (CATALOG_ARG.contains(cmd)) {
                catalogNames().forEach(n -> candidates.add(new Candidate(n)));
                if (cmd.equals("modprobe")) {
                    aliases().forEach(a -> candidates.add(new Candidate(a)));
                }
            } else if (KERNFS_ARG.contains(cmd) && line.word().startsWith("/")) {
                kernfs(line.word(), candidates);
            } else {
                files.complete(reader, line, candidates);
            }
        }

        private Set<String> commands() {
            Set<String> names = new TreeSet<>();
            Object cmds = console.session().get(".commands");
            if (cmds instanceof Iterable<?> it) {
                for (Object o : it) {
                    String s = o.toString();
                    String name = s.substring(s.indexOf(':') + 1);
                    if (!name.startsWith("_")) {
                        names.add(name);
                    }
                }
            }
            return names;
        }

        private List<String> catalogNames() {
            List<String> out = new ArrayList<>();
            Path dir = kernel.config().modulesDir().resolve("kernel");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
                            .map(n -> n.substring(0, n.length() - 4)).sorted().forEach(out::add);
                } catch (IOException e) {
                    // complete nothing from an unreadable catalog
                }
            }
            for (LoadedModule m : kernel.registry().list()) {
                if (!out.contains(m.name())) {
                    out.add(m.name());
                }
            }
            return out;
        }

        /** The aliases one can type as they are: modules.alias and modprobe.d lines without wildcards. */
        private Set<String> aliases() {
            Set<String> out = new TreeSet<>();
            Path file = kernel.config().modulesDir().resolve("modules.alias");
            if (Files.isReadable(file)) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.map(l -> l.split("\\s+")).filter(w -> w.length == 3 && w[0].equals("alias"))
                            .forEach(w -> out.add(w[1]));
                } catch (IOException | java.io.UncheckedIOException e) {
                    // complete names only
                }
            }
            org.modkern.core.kmod.ModuleLookup lookup = kernel.kmod().lookup();
            if (lookup != null) {
                lookup.config().aliases().forEach(a -> out.add(a.pattern()));
            }
            out.removeIf(a -> a.indexOf('*') >= 0 || a.indexOf('?') >= 0 || a.indexOf('[') >= 0);
            return out;
        }

        private void kernfs(String word, List<Candidate> candidates) {
            int slash = word.lastIndexOf('/');
            String dir = slash <= 0 ? "/" : word.substring(0, slash);
            List<String> entries;
            if (dir.equals("/")) {
                entries = List.of("proc", "sys");
            } else {
                try {
                    entries = kernel.fs().list(dir);
                } catch (org.modkern.core.loader.ModuleException e) {
                    return;
                }
            }
            String base = dir.equals("/") ? "/" : dir + "/";
            for (String e : entries) {
                boolean isDir = kernel.fs().isDirectory(base + e);
                // a directory completes with its slash, so the next Tab goes inside it
                candidates.add(new Candidate(base + e + (isDir ? "/" : ""), e, null, null, null, null, !isDir));
            }
        }
    }
}
