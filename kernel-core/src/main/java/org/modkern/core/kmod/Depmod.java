// depmod: computes module dependencies from the catalog and writes kmod's modules.* index files.
package org.modkern.core.kmod;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The depmod of modkern: from a {@link Catalog} it computes which modules each module needs
 * (the owners of the packages it imports; packages the kernel provides are no dependency) and
 * writes the index files modprobe reads, in kmod's text formats and orders:
 * {@code modules.dep} (module path, colon, every dependency in reverse load order),
 * {@code modules.alias}, {@code modules.softdep}, {@code modules.weakdep},
 * {@code modules.symbols} ({@code alias symbol:PKG module}) and {@code modules.devname}.
 * Warnings use kmod's words: an import nobody exports ({@code needs unknown symbol}), a package
 * two modules export, and dependency cycles, which make depmod fail and write nothing.
 *
 * <p>Command line: {@code java -cp kernel-core.jar org.modkern.core.kmod.Depmod [-b ROOT] [-n] [release]}.
 */
public final class Depmod {

    /** Index files depmod writes, in the order kmod writes them (and prints them with -n). */
    public static final List<String> OUTPUTS = List.of(
            "modules.dep", "modules.alias", "modules.softdep", "modules.weakdep", "modules.symbols", "modules.devname");

    private final Catalog catalog;
    private final DepGraph graph;
    private final KmodLog log;

    private Depmod(Catalog catalog, DepGraph graph, KmodLog log) {
        this.catalog = catalog;
        this.graph = graph;
        this.log = log;
    }

    /**
     * Computes the dependencies of a catalog.
     *
     * @param kernelProvides true for a package the kernel itself exports (kernel-api, the
     *        framework's system bundle, {@code java.*}): importing it is no dependency
     * @param log receives depmod's warnings and, for cycles, its errors
     */
    public static Depmod of(Catalog catalog, Predicate<String> kernelProvides, KmodLog log) {
        return new Depmod(catalog, DepGraph.build(catalog.modules(), kernelProvides, log), log);
    }

    /** Packages the Java platform and an OSGi framework provide: {@code java.*}, {@code javax.*}, {@code org.osgi.*}, ... */
    public static Predicate<String> platformPackages() {
        String[] prefixes = {"java.", "javax.", "org.osgi.", "org.w3c.", "org.xml.", "org.ietf.", "jdk.", "sun.", "com.sun."};
        return pkg -> {
            for (String p : prefixes) {
                if (pkg.startsWith(p)) {
                    return true;
                }
            }
            return pkg.equals("org.modkern.api") || pkg.startsWith("org.modkern.api.");
        };
    }

    /** The catalog this was computed from. */
    public Catalog catalog() {
        return catalog;
    }

    /** False if the modules' dependencies form a cycle; then nothing may be written. */
    public boolean ok() {
        return graph.acyclic;
    }

    /**
     * Every module the named one needs, directly or not, in modules.dep order: reverse load
     * order, so modprobe loads them from last to first.
     */
    public List<Catalog.Entry> dependencies(String name) {
        String n = Names.modname(name);
        for (int i = 0; i < graph.modules.size(); i++) {
            if (graph.modules.get(i).name().equals(n)) {
                List<Catalog.Entry> out = new ArrayList<>();
                for (int d : graph.closure(i)) {
                    out.add(graph.modules.get(d));
                }
                return out;
            }
        }
        return List.of();
    }

    /** The content of one index file, one of {@link #OUTPUTS}. */
    public String content(String file) {
        StringBuilder sb = new StringBuilder();
        switch (file) {
            case "modules.dep": appendDeps(sb); break;
            case "modules.alias": appendAliases(sb); break;
            case "modules.softdep": appendSoftdeps(sb, "softdep", "# Soft dependencies extracted from modules themselves.\n"); break;
            case "modules.weakdep": appendSoftdeps(sb, "weakdep", "# Weak dependencies extracted from modules themselves.\n"); break;
            case "modules.symbols": appendSymbols(sb); break;
            case "modules.devname": appendDevnames(sb); break;
            default: throw new IllegalArgumentException("not a depmod output: " + file);
        }
        return sb.toString();
    }

    /** depmod -n: every index, in kmod's order, to one stream. */
    public void write(Appendable out) {
        requireOk();
        try {
            for (String f : OUTPUTS) {
                out.append(content(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the index files into a directory (created if missing), each atomically: written
     * to a temporary file beside it, then renamed over the old one, so a reader sees the old
     * file or the new one, never a part.
     */
    public void writeTo(Path dir) throws IOException {
        requireOk();
        Files.createDirectories(dir);
        warnUnmatchedBrackets();
        for (String f : List.of("modules.builtin", "modules.builtin.modinfo")) {
            // read by depmod for its binary indexes, so kmod complains when they are missing
            if (!Files.isRegularFile(catalog.modulesDir().resolve(f))) {
                log.warn("could not open " + f + " at " + catalog.modulesDir() + ": No such file or directory");
            }
        }
        for (String f : OUTPUTS) {
            Path tmp = Files.createTempFile(dir, "." + f + ".", ".tmp");
            try {
                Files.writeString(tmp, content(f), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, dir.resolve(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * True if the index files of a modules directory are missing or older than the catalog
     * (a module jar, or modules.order, newer than modules.dep): the kernel then runs depmod at
     * boot, as {@code depmod -A} would.
     */
    public static boolean needsUpdate(Path modulesDir) {
        try {
            for (String f : List.of("modules.dep", "modules.alias", "modules.symbols", "modules.softdep")) {
                if (!Files.isRegularFile(modulesDir.resolve(f))) {
                    return true;
                }
            }
            long dep = micros(Files.getLastModifiedTime(modulesDir.resolve("modules.dep")));
            Path order = modulesDir.resolve("modules.order");
            if (Files.exists(order) && micros(Files.getLastModifiedTime(order)) > dep) {
                return true;
            }
            return newerJar(modulesDir, dep);
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean newerJar(Path dir, long stamp) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.equals("build") || name.equals("source")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (newerJar(p, stamp)) {
                        return true;
                    }
                } else if (name.endsWith(Catalog.EXTENSION) && micros(Files.getLastModifiedTime(p)) > stamp) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long micros(FileTime t) {
        return t.to(TimeUnit.MICROSECONDS);
    }

    private void requireOk() {
        if (!ok()) {
            throw new IllegalStateException("dependency cycles: depmod writes nothing");
        }
    }

    private void appendDeps(StringBuilder sb) {
        List<Catalog.Entry> mods = graph.modules;
        for (int i = 0; i < mods.size(); i++) {
            sb.append(mods.get(i).relPath()).append(':');
            for (int d : graph.closure(i)) {
                sb.append(' ').append(mods.get(d).relPath());
            }
            sb.append('\n');
        }
    }

    private void appendAliases(StringBuilder sb) {
        sb.append("# Aliases extracted from modules themselves.\n");
        for (Catalog.Entry e : graph.modules) {
            for (String a : e.info().aliases()) {
                sb.append("alias ").append(a).append(' ').append(e.name()).append('\n');
            }
        }
    }

    private void appendSoftdeps(StringBuilder sb, String kind, String header) {
        sb.append(header);
        for (Catalog.Entry e : graph.modules) {
            String v = kind.equals("softdep") ? e.info().softdep() : e.info().headers().get("Module-Weakdep");
            if (v != null && !v.isBlank()) {
                sb.append(kind).append(' ').append(e.name()).append(' ').append(v.trim()).append('\n');
            }
        }
    }

    private void appendSymbols(StringBuilder sb) {
        sb.append("# Aliases for symbols, used by symbol_request().\n");
        for (String sym : KmodHash.iterationOrder(graph.owners.keySet(), KmodHash.SYMBOL_BUCKETS)) {
            sb.append("alias symbol:").append(sym).append(' ')
                    .append(graph.modules.get(graph.owners.get(sym)).name()).append('\n');
        }
    }

    private void appendDevnames(StringBuilder sb) {
        boolean empty = true;
        for (Catalog.Entry e : graph.modules) {
            String devname = null;
            String node = null;
            for (String a : e.info().aliases()) {
                if (a.startsWith("devname:")) {
                    devname = a.substring("devname:".length());
                } else if (a.startsWith("char-major-") || a.startsWith("block-major-")) {
                    node = devNode(a);
                }
                if (devname != null && node != null) {
                    break;
                }
            }
            if (devname == null) {
                continue;
            }
            if (node == null) {
                log.error("Module '" + e.name() + "' has devname (" + devname
                        + ") but lacks major and minor information. Ignoring.");
                continue;
            }
            if (empty) {
                sb.append("# Device nodes to trigger on-demand module loading.\n");
                empty = false;
            }
            sb.append(e.name()).append(' ').append(devname).append(' ').append(node).append('\n');
        }
    }

    /** {@code char-major-M-N...} as {@code cM:N} (kmod's sscanf "%u-%u"), or null. */
    private static String devNode(String alias) {
        boolean chr = alias.startsWith("char-");
        int i = chr ? "char-major-".length() : "block-major-".length();
        int majStart = i;
        while (i < alias.length() && Character.isDigit(alias.charAt(i))) {
            i++;
        }
        if (i == majStart || i >= alias.length() || alias.charAt(i) != '-') {
            return null;
        }
        int minStart = ++i;
        while (i < alias.length() && Character.isDigit(alias.charAt(i))) {
            i++;
        }
        if (i == minStart) {
            return null;
        }
        return (chr ? "c" : "b") + Long.parseLong(alias.substring(majStart, minStart - 1)) + ":"
                + Long.parseLong(alias.substring(minStart, i));
    }

    /** kmod warns when it indexes modules.alias; an alias with an unmatched bracket never matches. */
    private void warnUnmatchedBrackets() {
        for (Catalog.Entry e : graph.modules) {
            for (String a : e.info().aliases()) {
                if (Names.normalizeAlias(a) == null) {
                    log.warn("Unmatched bracket in " + a);
                }
            }
        }
    }

    /** {@code depmod [-a] [-A] [-n] [-e] [-w] [-v] [-b ROOT] [-F PKGFILE] [release]}; exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs depmod as a command.
     *
     * @return the exit status: 0 on success, 1 on a usage error, an unreadable catalog or cycles
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        KmodLog log = new KmodLog("depmod", err);
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-b") || a.equals("--basedir") || a.equals("-F") || a.equals("--filesyms")) {
                if (i + 1 == args.length) {
                    // getopt's words, with no level
                    log.usage(a.startsWith("--") ? "option '" + a + "' requires an argument"
                            : "option requires an argument -- '" + a.charAt(1) + "'");
                    return 1;
                }
                opts.put(a.startsWith("--") ? (a.equals("--basedir") ? "-b" : "-F") : a, args[++i]);
            } else if (a.startsWith("--basedir=")) {
                opts.put("-b", a.substring("--basedir=".length()));
            } else if (a.equals("-n") || a.equals("--show") || a.equals("--dry-run")) {
                opts.put("-n", "");
            } else if (a.equals("-A") || a.equals("--quick")) {
                opts.put("-A", "");
            } else if (a.equals("-a") || a.equals("--all") || a.equals("-e") || a.equals("--errsyms")
                    || a.equals("-w") || a.equals("--warn") || a.equals("-v") || a.equals("--verbose")) {
                opts.put(a, "");
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println("Usage:\n\tdepmod -[aA] [options] [forced_version]\n\n"
                        + "Options:\n\t-a, --all            Probe all modules\n"
                        + "\t-A, --quick          Only does the work if there's a new module\n"
                        + "\t-n, --show           Write the dependency file on stdout only\n"
                        + "\t-b, --basedir DIR    Root path (default: .)\n"
                        + "\t-F, --filesyms FILE  Packages the kernel provides, one a line");
                return 0;
            } else if (a.startsWith("-") && a.length() > 1) {
                log.usage(a.startsWith("--") ? "unrecognized option '" + a + "'" : "invalid option -- '" + a.charAt(1) + "'");
                return 1;
            } else {
                rest.add(a);
            }
        }
        Path root = Path.of(opts.getOrDefault("-b", ".")).toAbsolutePath().normalize();
        String release;
        if (!rest.isEmpty()) {
            release = rest.get(0);
            if (!release.matches("\\d+\\.\\d+.*")) {
                log.error("Bad version passed " + release);
                return 1;
            }
            if (rest.size() > 1) {
                log.error("module paths are not supported: " + rest.get(1));
                return 1;
            }
        } else {
            release = onlyRelease(root);
            if (release == null) {
                log.error("no release given and " + root.resolve("lib/modules") + " does not hold exactly one");
                return 1;
            }
        }
        Path dir = Catalog.modulesDir(root, release);
        boolean dryRun = opts.containsKey("-n");
        if (opts.containsKey("-A") && !dryRun && !needsUpdate(dir)) {
            return 0;
        }
        Predicate<String> provided = platformPackages();
        if (opts.containsKey("-F")) {
            Set<String> pkgs = new HashSet<>();
            try {
                for (String line : Files.readAllLines(Path.of(opts.get("-F")), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        pkgs.add(line.trim());
                    }
                }
            } catch (IOException e) {
                log.fatal("could not load " + opts.get("-F") + ": " + e.getMessage());
                return 1;
            }
            provided = provided.or(pkgs::contains);
        }
        try {
            Catalog catalog = Catalog.scan(dir, log);
            Depmod depmod = of(catalog, provided, log);
            if (!depmod.ok()) {
                return 1;
            }
            if (dryRun) {
                StringBuilder sb = new StringBuilder();
                depmod.write(sb);
                out.print(sb);
                out.flush();
            } else {
                depmod.writeTo(dir);
            }
            return 0;
        } catch (NoSuchFileException e) {
            log.fatal("could not search modules: No such file or directory");
            return 1;
        } catch (IOException e) {
            log.fatal("could not search modules: " + e.getMessage());
            return 1;
        }
    }

    private static String onlyRelease(Path root) {
        Path base = root.resolve("lib").resolve("modules");
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path p : ds) {
                found.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return null;
        }
        return found.size() == 1 ? found.get(0) : null;
    }
}
