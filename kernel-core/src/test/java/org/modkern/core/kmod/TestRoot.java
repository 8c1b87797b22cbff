// Test fixture: a fake modkern root on disk (module jars with just a manifest, index files, modprobe.d).
package org.modkern.core.kmod;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A root directory laid out as the runtime expects ({@code lib/modules/<release>/...},
 * {@code etc/modprobe.d}), built by each test with exactly the modules it needs, in kmod's
 * testsuite spirit. Module jars carry only a manifest.
 */
final class TestRoot {

    static final String RELEASE = "6.1.0-modkern";

    final Path root;
    final Path modulesDir;
    final StringBuilder log = new StringBuilder();

    TestRoot(Path dir) {
        this.root = dir.toAbsolutePath();
        this.modulesDir = Catalog.modulesDir(root, RELEASE);
        try {
            Files.createDirectories(modulesDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a module jar at a path relative to the modules directory; its name is the file's. */
    Mod module(String relPath) {
        return new Mod(relPath);
    }

    /** A module jar being described. */
    final class Mod {
        private final String relPath;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> exports = new ArrayList<>();
        private final List<String> imports = new ArrayList<>();
        private final List<String> aliases = new ArrayList<>();

        Mod(String relPath) {
            this.relPath = relPath;
            String file = relPath.substring(relPath.lastIndexOf('/') + 1);
            headers.put("Bundle-SymbolicName", file.substring(0, file.length() - ".jar".length()));
            headers.put("Bundle-Version", "1.0.0");
            headers.put("Module-License", "GPL");
        }

        Mod exports(String... pkgs) {
            exports.addAll(List.of(pkgs));
            return this;
        }

        Mod imports(String... pkgs) {
            imports.addAll(List.of(pkgs));
            return this;
        }

        /** Aliases; each is quoted in the header, as a build writes ones with ',' or ';'. */
        Mod aliases(String... patterns) {
            aliases.addAll(List.of(patterns));
            return this;
        }

        Mod header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Path write() {
            if (!exports.isEmpty()) {
                headers.put("Export-Package", String.join(",", exports));
            }
            if (!imports.isEmpty()) {
                headers.put("Import-Package", String.join(",", imports));
            }
            if (!aliases.isEmpty()) {
                List<String> quoted = new ArrayList<>();
                for (String a : aliases) {
                    quoted.add('"' + a + '"');
                }
                headers.put("Module-Alias", String.join(",", quoted));
            }
            return jar(relPath, headers);
        }
    }

    /** Writes a manifest-only jar. */
    Path jar(String relPath, Map<String, String> headers) {
        Path p = modulesDir.resolve(relPath);
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try {
            Files.createDirectories(p.getParent());
            try (OutputStream os = Files.newOutputStream(p); JarOutputStream jos = new JarOutputStream(os, mf)) {
                jos.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Writes a file under the modules directory. */
    TestRoot file(String relPath, String content) {
        return write(modulesDir.resolve(relPath), content);
    }

    /** Writes modules.order, one path a line. */
    TestRoot order(String... relPaths) {
        return file("modules.order", relPaths.length == 0 ? "" : String.join("\n", relPaths) + "\n");
    }

    /** Writes etc/modprobe.d/NAME. */
    TestRoot conf(String name, String content) {
        return write(root.resolve("etc/modprobe.d").resolve(name), content);
    }

    private TestRoot write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    KmodLog depmodLog() {
        return new KmodLog("depmod", log);
    }

    Catalog catalog() throws IOException {
        return Catalog.scan(modulesDir, depmodLog());
    }

    Depmod depmod() throws IOException {
        return Depmod.of(catalog(), Depmod.platformPackages(), depmodLog());
    }

    /** Runs depmod into the modules directory. */
    TestRoot runDepmod() throws IOException {
        Depmod d = depmod();
        d.writeTo(modulesDir);
        return this;
    }

    String read(String relPath) throws IOException {
        return Files.readString(modulesDir.resolve(relPath), StandardCharsets.UTF_8);
    }

    ModuleLookup lookup(String cmdline) throws IOException {
        return ModuleLookup.load(root, RELEASE, cmdline, new KmodLog("modprobe", log));
    }

    /** The absolute path modprobe prints for a module file. */
    String path(String relPath) {
        return modulesDir.resolve(relPath).toString();
    }
}
