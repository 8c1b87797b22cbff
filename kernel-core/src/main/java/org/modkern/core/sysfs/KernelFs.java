package org.modkern.core.sysfs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/**
 * The kernel's virtual files: {@code /proc} and {@code /sys}. Fixed files are registered by
 * path; a directory whose entries come and go ({@code /sys/module/}) is a {@link Provider}
 * mounted at its path. {@code cat}, {@code echo >} and {@code sysctl} go through here.
 */
public final class KernelFs {

    /** One file: what reading gives and what writing does. */
    public interface Node {
        /** The file's content, ending in a newline as Linux's do. */
        String read() throws ModuleException;

        /** Writes the file, as root; read-only files refuse with EACCES. */
        default void write(String value) throws ModuleException {
            throw new ModuleException(Errno.EACCES, "read-only file");
        }
    }

    /** A read-only file whose text never changes. */
    public record Fixed(String text) implements Node {
        @Override
        public String read() {
            return text;
        }
    }

    /** A directory tree whose files are computed: paths are relative to where it is mounted. */
    public interface Provider {
        /** The file at a relative path, or null. */
        Node lookup(String rel);

        /** The entries of a relative directory ("" for the mount point), or null if there is none. */
        List<String> list(String rel);
    }

    private final Map<String, Node> files = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Provider> mounts = new ConcurrentSkipListMap<>();

    /** Adds a fixed file. */
    public void register(String path, Node node) {
        files.put(normalize(path), node);
    }

    /** Mounts a provider at a directory path such as {@code /sys/module}. */
    public void mount(String dir, Provider provider) {
        mounts.put(normalize(dir) + "/", provider);
    }

    /** True for paths this filesystem owns: {@code /proc/...} and {@code /sys/...}. */
    public static boolean owns(String path) {
        String p = normalize(path);
        return p.equals("/proc") || p.equals("/sys") || p.startsWith("/proc/") || p.startsWith("/sys/");
    }

    /**
     * Reads a file.
     *
     * @throws ModuleException ENOENT if there is no such file, EISDIR for a directory
     */
    public String read(String path) throws ModuleException {
        return node(path).read();
    }

    /** Writes a file. */
    public void write(String path, String value) throws ModuleException {
        node(path).write(value);
    }

    /** True if the path is a directory: it has entries. */
    public boolean isDirectory(String path) {
        try {
            return !list(path).isEmpty();
        } catch (ModuleException e) {
            return false;
        }
    }

    /** The entries of a directory, sorted, or ENOENT. */
    public List<String> list(String path) throws ModuleException {
        String p = normalize(path);
        String prefix = p + "/";
        TreeMap<String, Boolean> names = new TreeMap<>();
        for (String f : files.keySet()) {
            if (f.startsWith(prefix)) {
                names.put(f.substring(prefix.length()).split("/", 2)[0], Boolean.TRUE);
            }
        }
        for (Map.Entry<String, Provider> m : mounts.entrySet()) {
            if (prefix.startsWith(m.getKey())) {
                List<String> l = m.getValue().list(prefix.substring(m.getKey().length()).replaceAll("/$", ""));
                if (l != null) {
                    l.forEach(n -> names.put(n, Boolean.TRUE));
                }
            } else if (m.getKey().startsWith(prefix)) {
                names.put(m.getKey().substring(prefix.length()).split("/", 2)[0], Boolean.TRUE);
            }
        }
        if (names.isEmpty() && !mounts.containsKey(prefix)) {
            throw new ModuleException(Errno.ENOENT, path + ": No such file or directory");
        }
        return List.copyOf(names.keySet());
    }

    private Node node(String path) throws ModuleException {
        String p = normalize(path);
        Node n = files.get(p);
        if (n != null) {
            return n;
        }
        Map.Entry<String, Provider> m = mounts.floorEntry(p);
        // floorEntry finds the closest mount sorting before p; walk back while it is no prefix
        while (m != null && !p.startsWith(m.getKey())) {
            m = mounts.lowerEntry(m.getKey());
        }
        if (m != null) {
            n = m.getValue().lookup(p.substring(m.getKey().length()));
            if (n != null) {
                return n;
            }
        }
        if (!list(p).isEmpty()) {
            throw new ModuleException(Errno.EISDIR, path + ": Is a directory");
        }
        throw new ModuleException(Errno.ENOENT, path + ": No such file or directory");
    }

    /** Collapses repeated and trailing slashes. */
    static String normalize(String path) {
        String p = path.trim().replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
