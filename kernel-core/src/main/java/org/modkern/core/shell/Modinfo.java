package org.modkern.core.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.api.module.KernelSymbol;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.kmod.BuiltinModinfo;
import org.modkern.core.kmod.Catalog;
import org.modkern.core.kmod.KmodLog;
import org.modkern.core.kmod.ModuleLookup;
import org.modkern.core.kmod.ModulesDep;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.manifest.ModuleFormatException;
import org.modkern.core.manifest.ModuleInfo;
import org.modkern.core.signing.Certs;
import org.modkern.core.signing.SignatureInfo;
import org.modkern.core.symbols.CatalogDeps;

/**
 * {@code modinfo [-F field|-a|-d|-l|-p|-n] NAME|ALIAS|FILE...}: a module's metadata as
 * {@code field: value} lines. A name is looked up as modprobe looks it up (aliases too, each
 * module it resolves to shown); built-in modules show what modules.builtin.modinfo holds.
 */
public final class Modinfo {

    /** kmod's one-field options: {@code -n} is {@code -F filename}, and so on. */
    private static final Map<String, String> SHORTCUTS = Map.of(
            "-a", "author", "--author", "author",
            "-d", "description", "--description", "description",
            "-l", "license", "--license", "license",
            "-p", "parm", "--parameters", "parm",
            "-n", "filename", "--filename", "filename");

    private static final String USAGE = "Usage:\n"
            + "\tmodinfo [options] module|filename [module|filename ...]\n"
            + "Options:\n"
            + "\t-a, -d, -l, -p, -n   print only the author, description, license, parm or filename\n"
            + "\t-F, --field FIELD    print only this field's values, one a line\n"
            + "\t-h, --help           show this help";

    private final Kernel kernel;

    Modinfo(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("show information about a kernel module")
    public void modinfo(CommandSession session,
            @Descriptor("print only this field's values, one a line")
            @Parameter(names = {"-F", "--field"}, absentValue = "") String field,
            @Descriptor("module names or files") String... modules) throws IOException {
        List<String> names = new ArrayList<>();
        for (String a : modules) {
            String shortcut = SHORTCUTS.get(a);
            if (shortcut != null) {
                field = shortcut;
            } else if (Commands.helpOrBadOption("modinfo", a, USAGE)) {
                return;
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty()) {
            throw CommandFailed.fail("modinfo: ERROR: missing module or filename.");
        }
        boolean failed = false;
        for (String m : names) {
            if (m.endsWith(".jar") || m.contains("/")) {
                failed |= !print(Commands.resolve(session, m), m, field);
                continue;
            }
            ModuleLookup lookup = kernel.kmod().lookup();
            List<ModuleLookup.Match> found = lookup == null ? List.of() : lookup.lookup(m);
            if (found.isEmpty()) {
                // a jar depmod has not indexed yet
                failed |= !print(find(m), m, field);
                continue;
            }
            BuiltinModinfo builtin = null;
            for (ModuleLookup.Match match : found) {
                ModulesDep.Entry e = lookup.module(match.name());
                if (e != null) {
                    failed |= !printIndexed(e.path(), match.name(), field);
                    continue;
                }
                // as kmod: a module without a file is shown as built in
                if (builtin == null) {
                    builtin = BuiltinModinfo.load(lookup.modulesDir());
                }
                failed |= !printBuiltin(match.name(), builtin, field);
            }
        }
        if (failed) {
            throw new CommandFailed(1);
        }
    }

    /** Prints a module file's fields; false (after kmod's message) if it is missing or no module. */
    private boolean print(Path file, String name, String field) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            System.err.println("modinfo: ERROR: Module " + name + " not found.");
            return false;
        }
        try {
            System.out.print(format(ModuleInfo.fromJar(file), field));
            return true;
        } catch (ModuleFormatException e) {
            System.err.println("modinfo: ERROR: could not get modinfo from '" + name + "': Invalid argument");
            return false;
        }
    }

    /**
     * Prints the fields of a module modules.dep names. As kmod, the file name comes from the
     * index, so {@code -F filename} prints it without reading the file.
     */
    private boolean printIndexed(Path file, String name, String field) throws IOException {
        if (field.equals("filename")) {
            System.out.println(file);
            return true;
        }
        if (!Files.isRegularFile(file)) {
            System.err.println("modinfo: ERROR: could not get modinfo from '" + name + "': No such file or directory");
            return false;
        }
        return print(file, name, field);
    }

    private static boolean printBuiltin(String name, BuiltinModinfo builtin, String field) {
        List<String> strings = builtin == null ? null : builtin.of(name);
        System.out.print(BuiltinModinfo.format(name, strings, field.isEmpty() ? null : field));
        if (builtin != null && strings == null && !field.equals("filename")) {
            // kmod 30 to 34: a module modules.builtin.modinfo does not know fails with ENOSYS
            System.err.println("modinfo: ERROR: could not get modinfo from '" + name + "': Function not implemented");
            return false;
        }
        return true;
    }

    private String format(ModuleInfo info, String only) throws IOException {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"filename", info.file().toAbsolutePath().toString()});
        add(fields, "license", info.license());
        // the record fills in 0.0.0 for the framework; modinfo shows only a declared version
        add(fields, "version", info.declaresVersion() ? info.version() : null);
        add(fields, "description", info.description());
        info.authors().forEach(a -> add(fields, "author", a));
        info.aliases().forEach(a -> add(fields, "alias", a));
        add(fields, "softdep", info.softdep());
        info.importNs().forEach(ns -> add(fields, "import_ns", ns));
        fields.add(new String[] {"depends", String.join(",", depends(info))});
        fields.add(new String[] {"name", info.canonicalName()});
        add(fields, "vermagic", info.vermagic());
        // as kmod: the signature's fields for a signed module, after the .modinfo strings
        SignatureInfo sig = SignatureInfo.of(info.file());
        if (sig != null) {
            fields.add(new String[] {"sig_id", sig.sigId()});
            fields.add(new String[] {"signer", sig.signer()});
            fields.add(new String[] {"sig_key", sig.sigKey()});
            fields.add(new String[] {"sig_hashalgo", sig.hashAlgo()});
            fields.add(new String[] {"signature", Certs.hex(sig.signature())});
        }
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
