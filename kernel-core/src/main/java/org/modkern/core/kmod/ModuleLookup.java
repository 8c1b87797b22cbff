// The one name/alias resolver modprobe, hotplug and request_module share (libkmod's kmod_module_new_from_lookup).
package org.modkern.core.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves what modprobe is asked for — a module name, an alias, a modalias, {@code symbol:PKG}
 * — to modules, trying these sources in order and stopping at the first that answers:
 * {@code alias} lines of modprobe.d, module names (modules.dep), {@code symbol:} aliases
 * (modules.symbols), {@code install}/{@code remove} commands, modules.alias, built-in module
 * names (modules.builtin), built-in modules' aliases (modules.builtin.modinfo). The string is
 * normalized first ('-' as '_' outside {@code [...]}). Several matches come back in catalog
 * order. A snapshot of the index files and configuration: immutable and safe to share; build a
 * new one after depmod.
 */
public final class ModuleLookup {

    /** Where a match came from. */
    public enum Source {
        CONFIG_ALIAS, MODULE_NAME, SYMBOL, INSTALL_COMMAND, REMOVE_COMMAND, MODULES_ALIAS, BUILTIN, BUILTIN_ALIAS
    }

    /**
     * One module a lookup found.
     *
     * @param name the module's name
     * @param alias what it was found by: the alias pattern of a modprobe.d line, or the
     *        normalized string looked up for index aliases; null when found by name
     * @param source which source answered
     * @param command for {@link Source#INSTALL_COMMAND}/{@link Source#REMOVE_COMMAND}, the command
     *        that matched by name; else null
     */
    public record Match(String name, String alias, Source source, String command) {
    }

    private final Path modulesDir;
    private final ModulesDep deps;
    private final AliasIndex aliases;
    private final AliasIndex symbols;
    private final Set<String> builtin;
    private final AliasIndex builtinAliases;
    private final ModprobeConfig config;

    /**
     * @param modulesDir the modules directory modprobe names in its messages
     * @param builtin names of built-in modules
     */
    public ModuleLookup(Path modulesDir, ModulesDep deps, AliasIndex aliases, AliasIndex symbols,
            Set<String> builtin, AliasIndex builtinAliases, ModprobeConfig config) {
        this.modulesDir = modulesDir;
        this.deps = deps;
        this.aliases = aliases;
        this.symbols = symbols;
        this.builtin = Set.copyOf(builtin);
        this.builtinAliases = builtinAliases;
        this.config = config;
    }

    /**
     * Reads the index files of {@code ROOT/lib/modules/RELEASE} (missing ones read as empty)
     * and the configuration under ROOT.
     *
     * @param cmdline the kernel command line, or null
     */
    public static ModuleLookup load(Path root, String release, String cmdline, KmodLog log) throws IOException {
        Path dir = Catalog.modulesDir(root, release).toAbsolutePath().normalize();
        return load(dir, ModprobeConfig.load(root, dir, cmdline, log), log);
    }

    /** Reads the index files of a modules directory. */
    public static ModuleLookup load(Path modulesDir, ModprobeConfig config, KmodLog log) throws IOException {
        Path dir = modulesDir.toAbsolutePath().normalize();
        Path alias = dir.resolve("modules.alias");
        Path sym = dir.resolve("modules.symbols");
        AliasIndex aliases = Files.isRegularFile(alias) ? AliasIndex.load(alias, log) : AliasIndex.builder().build();
        AliasIndex symbols = Files.isRegularFile(sym) ? AliasIndex.load(sym, log) : AliasIndex.builder().build();
        return new ModuleLookup(dir, ModulesDep.load(dir), aliases, symbols, readBuiltin(dir),
                readBuiltinAliases(dir, log), config);
    }

    /** The modules directory, as modprobe's messages name it. */
    public Path modulesDir() {
        return modulesDir;
    }

    /** The modprobe configuration this lookup applies. */
    public ModprobeConfig config() {
        return config;
    }

    /** The modules.dep entry of a module name, or null. */
    public ModulesDep.Entry module(String name) {
        return deps.get(Names.modname(name));
    }

    /** True if the module is built into the kernel (modules.builtin). */
    public boolean isBuiltin(String name) {
        return builtin.contains(name);
    }

    /** The modules.alias index. */
    public AliasIndex aliases() {
        return aliases;
    }

    /** The modules.symbols index ({@code symbol:NAME} aliases). */
    public AliasIndex symbols() {
        return symbols;
    }

    /**
     * Resolves a name or alias; empty if nothing answers (modprobe's "not found"), or if the
     * string has an unmatched bracket.
     */
    public List<Match> lookup(String nameOrAlias) {
        String s = Names.normalizeAlias(nameOrAlias);
        if (s == null) {
            return List.of();
        }
        List<Match> out = new ArrayList<>();
        for (ModprobeConfig.Alias a : config.matchingAliases(s)) {
            out.add(new Match(a.module(), a.pattern(), Source.CONFIG_ALIAS, null));
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (s.indexOf(':') < 0 && deps.get(s) != null) {
            return List.of(new Match(s, null, Source.MODULE_NAME, null));
        }
        if (s.startsWith("symbol:")) {
            addAll(out, symbols.lookup(s), s, Source.SYMBOL);
            if (!out.isEmpty()) {
                return out;
            }
        }
        Match cmd = command(s);
        if (cmd != null) {
            return List.of(cmd);
        }
        addAll(out, aliases.lookup(s), s, Source.MODULES_ALIAS);
        if (!out.isEmpty()) {
            return out;
        }
        if (builtin.contains(s)) {
            return List.of(new Match(Names.modname(s), null, Source.BUILTIN, null));
        }
        addAll(out, builtinAliases.lookup(s), s, Source.BUILTIN_ALIAS);
        return out;
    }

    /** libkmod matches install, then remove, commands by exact name here; only the first counts. */
    private Match command(String s) {
        for (ModprobeConfig.Command c : config.installCommands()) {
            if (c.module().equals(s)) {
                return new Match(Names.modname(c.module()), null, Source.INSTALL_COMMAND, c.command());
            }
        }
        for (ModprobeConfig.Command c : config.removeCommands()) {
            if (c.module().equals(s)) {
                return new Match(Names.modname(c.module()), null, Source.REMOVE_COMMAND, c.command());
            }
        }
        return null;
    }

    private static void addAll(List<Match> out, List<String> names, String alias, Source source) {
        for (String n : names) {
            out.add(new Match(n, alias, source, null));
        }
    }

    private static Set<String> readBuiltin(Path dir) throws IOException {
        Path file = dir.resolve("modules.builtin");
        Set<String> out = new LinkedHashSet<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isEmpty() && Character.isLetter(line.charAt(0))) {
                    out.add(Names.modnameOfPath(line.trim()));
                }
            }
        }
        return out;
    }

    /** The aliases of modules.builtin.modinfo's {@code module.alias=PATTERN} strings. */
    private static AliasIndex readBuiltinAliases(Path dir, KmodLog log) throws IOException {
        AliasIndex.Builder b = AliasIndex.builder();
        BuiltinModinfo info = BuiltinModinfo.load(dir);
        for (BuiltinModinfo.Entry e : info == null ? List.<BuiltinModinfo.Entry>of() : info.entries()) {
            if (!e.text().startsWith("alias=") || e.text().length() == 6) {
                continue;
            }
            String value = e.text().substring(6);
            if (!b.add(value, e.module())) {
                log.warn("Unmatched bracket in " + value);
            }
        }
        return b.build();
    }
}
