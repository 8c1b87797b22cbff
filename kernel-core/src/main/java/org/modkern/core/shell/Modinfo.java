package org.modkern.core.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.api.module.KernelSymbol;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.kmod.Catalog;
import org.modkern.core.kmod.KmodLog;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.manifest.ModuleFormatException;
import org.modkern.core.manifest.ModuleInfo;
import org.modkern.core.symbols.CatalogDeps;

/** {@code modinfo [-F field] NAME|FILE...}: a module's metadata as {@code field: value} lines. */
public final class Modinfo {

    private final Kernel kernel;

    Modinfo(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("show information about a kernel module")
    public void modinfo(CommandSession session,
            @Descriptor("print only this field's values, one a line")
            @Parameter(names = {"-F", "--field"}, absentValue = "") String field,
            @Descriptor("module names or files") String... modules) throws IOException {
        if (modules.length == 0) {
            throw CommandFailed.fail("modinfo: ERROR: missing module or filename.");
        }
        boolean failed = false;
        for (String m : modules) {
            Path file = m.endsWith(".jar") || m.contains("/") ? Commands.resolve(session, m) : find(m);
            if (file == null || !Files.isRegularFile(file)) {
                System.err.println("modinfo: ERROR: Module " + m + " not found.");
                failed = true;
                continue;
            }
            try {
                System.out.print(format(ModuleInfo.fromJar(file), field));
            } catch (ModuleFormatException e) {
                System.err.println("modinfo: ERROR: could not get modinfo from '" + m + "': Invalid argument");
                failed = true;
            }
        }
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    private String format(ModuleInfo info, String only) throws IOException {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"filename", info.file().toAbsolutePath().toString()});
        add(fields, "license", info.license());
        // the record fills in 0.0.0 for the framework; modinfo shows only a declared version
        add(fields, "version", info.headers().get("Bundle-Version") == null ? null : info.version());
        add(fields, "description", info.description());
        info.authors().forEach(a -> add(fields, "author", a));
        info.aliases().forEach(a -> add(fields, "alias", a));
        add(fields, "softdep", info.softdep());
        info.importNs().forEach(ns -> add(fields, "import_ns", ns));
        fields.add(new String[] {"depends", String.join(",", depends(info))});
        fields.add(new String[] {"name", info.canonicalName()});
        add(fields, "vermagic", info.vermagic());
        for (ModuleInfo.ParamDecl p : info.params()) {
            // as kmod: "name:desc (type)", or "name:type" when there is no description
            String text = p.desc().isEmpty() ? p.type() : p.desc() + " (" + p.type() + ")";
            fields.add(new String[] {"parm", p.name() + ":" + text});
        }
        StringBuilder sb = new StringBuilder();
        for (String[] f : fields) {
            if (only.isEmpty()) {
                sb.append(String.format("%-16s%s%n", f[0] + ":", f[1]));
            } else if (only.equals(f[0])) {
                sb.append(f[1]).append('\n');
            }
        }
        return sb.toString();
    }

    private static void add(List<String[]> fields, String key, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(new String[] {key, value});
        }
    }

    /**
     * The modules a loaded module is wired to; for one not loaded, the catalog modules that
     * export what it imports and the kernel core does not.
     */
    private List<String> depends(ModuleInfo info) throws IOException {
        LoadedModule m = kernel.registry().get(info.canonicalName());
        if (m != null) {
            return kernel.loader().dependencies(m);
        }
        return CatalogDeps.of(info, catalog(), imp -> {
            KernelSymbol core = kernel.symbols().coreSymbol(imp.pkg());
            return core != null && CatalogDeps.inRange(imp.versionRange(), core.version());
        });
    }

    /** Every readable module of the catalog, as depmod sees it (catalog order, updates/ first). */
    private List<ModuleInfo> catalog() throws IOException {
        Path dir = kernel.config().modulesDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ModuleInfo> out = new ArrayList<>();
        for (Catalog.Entry e : Catalog.scan(dir, KmodLog.silent("modinfo")).modules()) {
            out.add(e.info());
        }
        return out;
    }

    /** The catalog file of a module name ('-' and '_' alike), or null. */
    private Path find(String name) throws IOException {
        Path kernelDir = kernel.config().modulesDir().resolve("kernel");
        if (!Files.isDirectory(kernelDir)) {
            return null;
        }
        String want = ModuleInfo.canonical(name) + ".jar";
        try (Stream<Path> s = Files.walk(kernelDir)) {
            return s.filter(p -> ModuleInfo.canonical(p.getFileName().toString()).equals(want))
                    .sorted().findFirst().orElse(null);
        }
    }

}
