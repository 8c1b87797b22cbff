// The module catalog of one kernel release: the module jars under lib/modules/<release>, in catalog order.
package org.modkern.core.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.modkern.core.manifest.ModuleFormatException;
import org.modkern.core.manifest.ModuleInfo;

/**
 * The modules of one kernel release as depmod sees them: every {@code *.jar} below
 * {@code lib/modules/<release>/} (except {@code build/} and {@code source/}), read from its
 * manifest, in catalog order — the order of {@code modules.order}, then path order for modules
 * it does not list. Two jars of the same module name: the one under {@code updates/} wins, else
 * the first in path order (depmod's default search order). A jar that cannot be read is reported
 * and skipped. Also holds the names {@code modules.builtin} lists. Immutable.
 */
public final class Catalog {

    /** Extension of module files. */
    public static final String EXTENSION = ".jar";

    /**
     * One module of the catalog.
     *
     * @param name the module name: its Bundle-SymbolicName with '-' as '_'
     * @param relPath its path relative to the modules directory, '/'-separated, as modules.dep writes it
     * @param path its absolute path
     * @param info its manifest
     */
    public record Entry(String name, String relPath, Path path, ModuleInfo info) {
    }

    private final Path modulesDir;
    private final List<Entry> modules;
    private final Map<String, Entry> byName;
    private final List<String> builtin;

    private Catalog(Path modulesDir, List<Entry> modules, List<String> builtin) {
        this.modulesDir = modulesDir;
        this.modules = List.copyOf(modules);
        Map<String, Entry> m = new HashMap<>();
        for (Entry e : modules) {
            m.putIfAbsent(e.name(), e);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.builtin = List.copyOf(builtin);
    }

    /** A catalog of given entries, already in catalog order (for tools and tests). */
    public static Catalog of(Path modulesDir, List<Entry> modules, List<String> builtin) {
        return new Catalog(modulesDir, modules, builtin);
    }

    /** {@code ROOT/lib/modules/RELEASE}. */
    public static Path modulesDir(Path root, String release) {
        return root.resolve("lib").resolve("modules").resolve(release);
    }

    /** Scans {@code ROOT/lib/modules/RELEASE}. */
    public static Catalog scan(Path root, String release, KmodLog log) throws IOException {
        return scan(modulesDir(root, release), log);
    }

    /**
     * Scans a modules directory and reads every module's manifest.
     *
     * @param log receives a warning for every jar that is skipped
     * @throws IOException if the directory itself cannot be read
     */
    public static Catalog scan(Path modulesDir, KmodLog log) throws IOException {
        Path dir = modulesDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IOException("could not open directory " + dir + ": No such file or directory");
        }
        List<Read> found = readTree(dir, "", log);

        Map<String, Entry> chosen = new LinkedHashMap<>();
        for (Read r : found) {
            String rel = r.relPath();
            ModuleInfo info = r.info();
            Entry e = new Entry(ModuleInfo.canonical(info.name()), rel, dir.resolve(rel), info);
            if (!e.name().equals(Names.modnameOfPath(rel))) {
                log.warn(e.path() + ": module name " + e.name() + " does not match its file name");
            }
            Entry old = chosen.get(e.name());
            if (old == null || (isUpdate(rel) && !isUpdate(old.relPath()))) {
                chosen.put(e.name(), e);
            }
        }
        List<Entry> ordered = order(dir, new ArrayList<>(chosen.values()), log);
        return new Catalog(dir, ordered, readBuiltin(dir, log));
    }

    /** The modules directory, absolute. */
    public Path modulesDir() {
        return modulesDir;
    }

    /** The kernel release: the modules directory's name. */
    public String release() {
        return modulesDir.getFileName().toString();
    }

    /** Every module, in catalog order. */
    public List<Entry> modules() {
        return modules;
    }

    /** A module by name; '-' and '_' are the same. */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(byName.get(Names.modname(name)));
    }

    /** Names of the modules built into the kernel (modules.builtin), in file order. */
    public List<String> builtin() {
        return builtin;
    }

    private static boolean isUpdate(String rel) {
        return rel.startsWith("updates/");
    }

    private static void listJars(Path dir, String rel, Batches out, KmodLog log) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.equals("build") || name.equals("source")) {
                    continue;
                }
                String childRel = rel + name;
                if (name.length() > EXTENSION.length() && name.endsWith(EXTENSION)) {
                    // no stat for module files (depmod has readdir's d_type); a directory so named is found when read
                    out.add(childRel);
                } else if (Files.isDirectory(p)) {
                    listJars(p, childRel + "/", out, log);
                }
            }
        } catch (IOException e) {
            log.error("could not open directory " + dir + ": " + e.getMessage());
        }
    }

    /** A module file read: its path and manifest, or why it could not be read. */
    private record Read(String relPath, ModuleInfo info, String error) {
    }

    /** Lists and reads every module below {@code rel}, in path order. */
    private static List<Read> readTree(Path dir, String rel, KmodLog log) {
        List<Read> all;
        try (Batches batches = new Batches(dir)) {
            listJars(rel.isEmpty() ? dir : dir.resolve(rel), rel, batches, log);
            all = batches.results();
        }
        all.sort(Comparator.comparing(Read::relPath));
        List<Read> out = new ArrayList<>(all.size());
        boolean resort = false;
        for (Read r : all) {
            Path p = dir.resolve(r.relPath());
            if (r.info() != null) {
                out.add(r);
            } else if (Files.isDirectory(p)) {
                // a directory named like a module file; only looked at when reading it failed
                out.addAll(readTree(dir, r.relPath() + "/", log));
                resort = true;
            } else {
                log.warn("could not create module " + p + ": " + r.error());
            }
        }
        if (resort) {
            out.sort(Comparator.comparing(Read::relPath));
        }
        return out;
    }

    /**
     * Reads module files in batches on worker threads while the directory walk goes on: a cold
     * JVM spends most of depmod reading manifests, and listing thousands of files takes a while
     * too.
     */
    private static final class Batches implements AutoCloseable {
        private static final int SIZE = 64;
        private final Path dir;
        private final ExecutorService pool;
        private final List<Future<List<Read>>> pending = new ArrayList<>();
        private List<String> batch = new ArrayList<>(SIZE);

        Batches(Path dir) {
            this.dir = dir;
            int threads = Math.min(Math.max(1, Runtime.getRuntime().availableProcessors()), 8);
            this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "depmod-reader");
                t.setDaemon(true);
                return t;
            });
        }

        void add(String relPath) {
            batch.add(relPath);
            if (batch.size() == SIZE) {
                flush();
            }
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<String> work = batch;
            batch = new ArrayList<>(SIZE);
            pending.add(pool == null ? CompletableFuture.completedFuture(read(dir, work)) : pool.submit(() -> read(dir, work)));
        }

        List<Read> results() {
            flush();
            List<Read> out = new ArrayList<>();
            try {
                for (Future<List<Read>> f : pending) {
                    out.addAll(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading modules", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            return out;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdown();
            }
        }

        private static List<Read> read(Path dir, List<String> files) {
            List<Read> out = new ArrayList<>(files.size());
            for (String f : files) {
                try {
                    out.add(new Read(f, ModuleInfo.fromJar(dir.resolve(f)), null));
                } catch (ModuleFormatException | RuntimeException e) {
                    out.add(new Read(f, null, e.getMessage()));
                }
            }
            return out;
        }
    }

    /** modules.order first (depmod's sort), then the rest in path order. */
    private static List<Entry> order(Path dir, List<Entry> entries, KmodLog log) {
        Path file = dir.resolve("modules.order");
        if (!Files.isRegularFile(file)) {
            log.warn("could not open modules.order at " + dir + ": No such file or directory");
            return entries;
        }
        Map<String, Integer> byRel = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byRel.put(entries.get(i).relPath(), i);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("could not open " + file + ": " + e.getMessage());
            return entries;
        }
        // indexes, not entries: a record's hashCode would hash its whole manifest
        boolean[] listed = new boolean[entries.size()];
        List<Entry> out = new ArrayList<>(entries.size());
        int lineNo = 0;
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            lineNo++;
            if (nl < 0) {
                // depmod then gives up the whole ordering
                log.error(file + ":" + lineNo + " corrupted line misses '\\n'");
                return entries;
            }
            String line = text.substring(pos, nl);
            pos = nl + 1;
            Integer e = byRel.get(line);
            if (e == null && line.endsWith(".ko")) {
                e = byRel.get(line.substring(0, line.length() - 3) + EXTENSION);
            }
            if (e != null && !listed[e]) {
                listed[e] = true;
                out.add(entries.get(e));
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!listed[i]) {
                out.add(entries.get(i));
            }
        }
        return out;
    }

    private static List<String> readBuiltin(Path dir, KmodLog log) {
        Path file = dir.resolve("modules.builtin");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isEmpty() || !Character.isLetter(line.charAt(0))) {
                    log.error("Invalid modules.builtin line: " + line);
                    continue;
                }
                names.add(Names.modnameOfPath(line.trim()));
            }
        } catch (IOException e) {
            log.warn("could not open " + file + ": " + e.getMessage());
        }
        return new ArrayList<>(names);
    }
}
