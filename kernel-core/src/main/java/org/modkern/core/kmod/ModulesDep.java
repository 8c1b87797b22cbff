// modules.dep as modprobe reads it: a module name's file and its dependencies in load order.
package org.modkern.core.kmod;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed modules.dep of a modules directory. A line {@code kernel/fs/btrfs.jar: a.jar b.jar}
 * says module {@code btrfs} (the file's base name, normalized) lives in that file and needs the
 * listed files; libkmod reads the list backwards, so {@link Entry#dependencies()} is in load
 * order. The first line for a name wins. Immutable.
 */
public final class ModulesDep {

    /**
     * One module of modules.dep.
     *
     * @param name the module name
     * @param path its absolute path
     * @param dependencies what it needs, in load order (deepest first), as absolute paths
     */
    public record Entry(String name, Path path, List<Path> dependencies) {

        /** The names of its dependencies, in load order. */
        public List<String> dependencyNames() {
            List<String> out = new ArrayList<>(dependencies.size());
            for (Path p : dependencies) {
                out.add(Names.modnameOfPath(p.toString()));
            }
            return out;
        }
    }

    private final Map<String, Entry> byName;

    private ModulesDep(Map<String, Entry> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** An empty modules.dep. */
    public static ModulesDep empty() {
        return new ModulesDep(new HashMap<>());
    }

    /** Reads {@code modulesDir/modules.dep}; a missing file reads as empty. */
    public static ModulesDep load(Path modulesDir) throws IOException {
        Path file = modulesDir.resolve("modules.dep");
        Map<String, Entry> map = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return new ModulesDep(map);
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int colon = line.indexOf(':');
                if (colon <= 0 || line.startsWith("#")) {
                    continue;
                }
                String rel = line.substring(0, colon);
                String name = Names.modnameOfPath(rel);
                if (map.containsKey(name)) {
                    continue;
                }
                List<Path> deps = new ArrayList<>();
                for (String d : line.substring(colon + 1).trim().split("[ \t]+")) {
                    if (!d.isEmpty()) {
                        deps.add(modulesDir.resolve(d));
                    }
                }
                Collections.reverse(deps);
                map.put(name, new Entry(name, modulesDir.resolve(rel), List.copyOf(deps)));
            }
        }
        return new ModulesDep(map);
    }

    /** The entry of a module name (exact: callers normalize), or null. */
    public Entry get(String name) {
        return byName.get(name);
    }

    /** Number of modules. */
    public int size() {
        return byName.size();
    }
}
