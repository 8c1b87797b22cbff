// One modprobe invocation: libkmod's module objects, probe list, insert and remove sequences.
package org.modkern.core.kmod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/**
 * The work of one modprobe call, structured as libkmod's: module objects pooled by name (or
 * name and alias), each resolving its file and dependencies from modules.dep lazily; the probe
 * list of a module (dependencies with their softdeps, the module's pre softdeps, the module, its
 * post softdeps, each module once); the insert loop; and the removal sequence of tools/modprobe.c.
 * Functions return 0 or a negative errno, as in C. Not thread-safe: one per call.
 */
final class ProbeRun {

    /** A libkmod {@code struct kmod_module}. */
    static final class Mod {
        final String name;
        final String alias;
        Path path;
        boolean depsLoaded;
        List<Mod> deps = List.of();
        Boolean builtin;
        boolean visited;
        boolean required;
        boolean ignoreCmd;
        boolean installInit;
        String installCmd;
        boolean removeInit;
        String removeCmd;

        Mod(String name, String alias) {
            this.name = name;
            this.alias = alias;
        }
    }

    /** A softdep's resolved lists. */
    record Softdeps(List<Mod> pre, List<Mod> post) {
        boolean isEmpty() {
            return pre.isEmpty() && post.isEmpty();
        }
    }

    final ModuleLookup lookup;
    final ModprobeConfig config;
    final Modprobe.Settings opts;
    final KmodLog log;
    final Appendable out;
    private final Modprobe owner;
    private final Map<String, Mod> pool = new HashMap<>();

    ProbeRun(Modprobe owner, ModuleLookup lookup, Modprobe.Settings opts, KmodLog log, Appendable out) {
        this.owner = owner;
        this.lookup = lookup;
        this.config = lookup.config();
        this.opts = opts;
        this.log = log;
        this.out = out;
    }

    // ---- module objects -------------------------------------------------------------------

    Mod byName(String name) {
        String n = Names.modname(name);
        return pool.computeIfAbsent(n, k -> new Mod(k, null));
    }

    Mod byAlias(String alias, String name) {
        return pool.computeIfAbsent(name + "\\" + alias, k -> new Mod(name, alias));
    }

    Mod byPath(Path path) {
        Mod m = byName(Names.modnameOfPath(path.toString()));
        if (m.path == null) {
            m.path = path;
        }
        m.builtin = Boolean.FALSE;
        return m;
    }

    /** libkmod's lookup, as module objects. */
    List<Mod> resolve(String nameOrAlias) {
        List<Mod> out = new ArrayList<>();
        for (ModuleLookup.Match m : lookup.lookup(nameOrAlias)) {
            Mod mod;
            switch (m.source()) {
                case MODULE_NAME:
                    mod = byName(m.name());
                    loadDeps(mod);
                    break;
                case INSTALL_COMMAND:
                    mod = byName(m.name());
                    mod.installInit = true;
                    mod.installCmd = m.command();
                    break;
                case REMOVE_COMMAND:
                    mod = byName(m.name());
                    mod.removeInit = true;
                    mod.removeCmd = m.command();
                    break;
                case BUILTIN:
                    mod = byName(m.name());
                    mod.builtin = Boolean.TRUE;
                    break;
                case BUILTIN_ALIAS:
                    mod = byAlias(m.alias(), m.name());
                    mod.builtin = Boolean.TRUE;
                    break;
                default:
                    mod = byAlias(m.alias(), m.name());
                    break;
            }
            out.add(mod);
        }
        return out;
    }

    private void loadDeps(Mod m) {
        if (m.depsLoaded) {
            return;
        }
        m.depsLoaded = true;
        ModulesDep.Entry e = lookup.module(m.name);
        if (e == null) {
            return;
        }
        if (m.path == null) {
            m.path = e.path();
        }
        List<Mod> deps = new ArrayList<>();
        for (Path p : e.dependencies()) {
            deps.add(byPath(p));
        }
        m.deps = deps;
    }

    Path path(Mod m) {
        if (m.path == null) {
            loadDeps(m);
        }
        return m.path;
    }

    List<Mod> dependencies(Mod m) {
        loadDeps(m);
        return m.deps;
    }

    boolean isBuiltin(Mod m) {
        if (m.builtin == null) {
            m.builtin = lookup.isBuiltin(m.name);
        }
        return m.builtin;
    }

    /** LIVE or BUILTIN, libkmod's {@code module_is_inkernel}. */
    boolean inKernel(Mod m) {
        return isBuiltin(m) || owner.ops().isLoaded(m.name);
    }

    String installCommand(Mod m) {
        if (!m.installInit) {
            m.installInit = true;
            m.installCmd = config.installCommand(m.name);
        }
        return m.installCmd;
    }

    String removeCommand(Mod m) {
        if (!m.removeInit) {
            m.removeInit = true;
            m.removeCmd = config.removeCommand(m.name);
        }
        return m.removeCmd;
    }

    Softdeps softdeps(Mod m) {
        return config.softdep(m.name)
                .map(s -> new Softdeps(lookupAll(s.pre()), lookupAll(s.post())))
                .orElse(new Softdeps(List.of(), List.of()));
    }

    private List<Mod> lookupAll(List<String> names) {
        List<Mod> out = new ArrayList<>();
        for (String n : names) {
            if (Names.normalizeAlias(n) == null) {
                log.error("failed to lookup dependency '" + n + "', continuing anyway.");
                continue;
            }
            out.addAll(resolve(n));
        }
        return out;
    }

    // ---- insertion ------------------------------------------------------------------------

    /**
     * libkmod's {@code kmod_module_probe_insert_module}.
     *
     * @return 0, a positive value if skipped as blacklisted, or a negative errno
     */
    int probeInsert(Mod mod, String extraOptions) {
        if (!opts.ignoreLoaded && inKernel(mod)) {
            return opts.firstTime ? -Errno.EEXIST : 0;
        }
        if (config.isBlacklisted(mod.name) && (mod.alias != null || opts.useBlacklist)) {
            return 1;
        }
        List<Mod> list = probeList(mod, opts.ignoreCommands);
        int err = 0;
        for (Mod m : list) {
            if (!opts.ignoreLoaded && inKernel(m)) {
                err = -Errno.EEXIST;
            } else {
                String options = concat(config.optionsFor(m.name, m.alias), m == mod ? extraOptions : null);
                String cmd = installCommand(m);
                if (cmd != null && !m.ignoreCmd) {
                    if (opts.show()) {
                        print("install " + cmd + " " + (options == null ? "" : options));
                    }
                    if (!opts.dryRun) {
                        err = runInstall(m, cmd, options);
                    }
                } else {
                    if (opts.show()) {
                        printAction(m, options);
                    }
                    if (!opts.dryRun) {
                        err = insert(m, options);
                    }
                }
            }
            if (err == -Errno.EEXIST && m == mod && opts.firstTime) {
                break;
            }
            if (err == -Errno.EEXIST || !m.required) {
                err = 0;
            } else if (err < 0) {
                break;
            }
        }
        return err;
    }

    private void printAction(Mod m, String options) {
        Path p = path(m);
        if (p == null) {
            if (isBuiltin(m)) {
                print("builtin " + m.name);
            }
        } else {
            print("insmod " + p + " " + (options == null ? "" : options));
        }
    }

    /** The probe list, libkmod's {@code kmod_module_get_probe_list}. */
    List<Mod> probeList(Mod mod, boolean ignoreCmd) {
        for (Mod m : pool.values()) {
            m.visited = false;
            m.required = false;
        }
        List<Mod> list = new ArrayList<>();
        probeList(mod, true, ignoreCmd, list);
        return list;
    }

    private void probeList(Mod mod, boolean required, boolean ignoreCmd, List<Mod> list) {
        if (mod.visited) {
            return;
        }
        mod.visited = true;
        List<Mod> deps = dependencies(mod);
        if (required) {
            mod.required = true;
            for (Mod d : deps) {
                d.required = true;
            }
        }
        for (Mod d : deps) {
            withSoftdeps(d, list);
        }
        if (ignoreCmd) {
            list.add(mod);
            mod.ignoreCmd = true;
        } else {
            withSoftdeps(mod, list);
        }
    }

    private void withSoftdeps(Mod mod, List<Mod> list) {
        Softdeps sd = softdeps(mod);
        for (Mod m : sd.pre()) {
            probeList(m, false, false, list);
        }
        list.add(mod);
        // libkmod: a module with softdeps loads itself, not through its install command
        mod.ignoreCmd = !sd.isEmpty();
        for (Mod m : sd.post()) {
            probeList(m, false, false, list);
        }
    }

    /** libkmod's {@code kmod_module_insert_module}. */
    private int insert(Mod m, String options) {
        Path p = path(m);
        if (p == null) {
            log.error("could not find module by name='" + m.name + "'");
            return -Errno.ENOENT;
        }
        if (config.kernelBlacklist().contains(m.name)) {
            // the kernel's own module_blacklist=: init_module fails
            return -Errno.EPERM;
        }
        int err = owner.insertOnce(m.name, p, Modprobe.kernelArgs(options), opts.force);
        if (err < 0) {
            log.info("Failed to insert module '" + p + "': " + Errno.strerror(-err));
        }
        return err;
    }

    private int runInstall(Mod m, String cmd, String options) {
        String line = cmd.replace("$CMDLINE_OPTS", options == null ? "" : options);
        int status = owner.ops().runCommand(line);
        if (status != 0) {
            log.error("Error running install command '" + line + "' for module " + m.name + ": retcode " + status);
            return -Errno.EINVAL;
        }
        return 0;
    }

    static String concat(String opt, String extra) {
        // libkmod's module_options_concat, trailing blank included
        if ((opt == null || opt.isEmpty()) && (extra == null || extra.isEmpty())) {
            return null;
        }
        return (opt == null ? "" : opt + " ") + (extra == null ? "" : extra);
    }

    // ---- removal --------------------------------------------------------------------------

    /** tools/modprobe.c {@code rmmod_do_module}. */
    int removeModule(Mod mod, boolean ignoreBuiltin) throws Modprobe.Exit {
        Softdeps sd = new Softdeps(List.of(), List.of());
        String cmd = null;
        if (!opts.ignoreCommands) {
            sd = softdeps(mod);
            cmd = removeCommand(mod);
        }
        if (cmd == null && !opts.ignoreLoaded) {
            if (isBuiltin(mod)) {
                if (ignoreBuiltin) {
                    return 0;
                }
                owner.fatal(log, opts, "Module " + mod.name + " is builtin.");
                return -Errno.ENOENT;
            }
            if (!owner.ops().isLoaded(mod.name)) {
                if (opts.firstTime) {
                    owner.fatal(log, opts, "Module " + mod.name + " is not in kernel.");
                    return -Errno.ENOENT;
                }
                return 0;
            }
        }
        removeList(sd.post(), false);
        if (opts.removeHolders) {
            List<Mod> holders = new ArrayList<>();
            for (String h : owner.ops().holders(mod.name)) {
                holders.add(byName(h));
            }
            int err = removeList(holders, true);
            if (err < 0) {
                return err;
            }
        }
        if (cmd == null && !opts.ignoreLoaded && owner.ops().refcnt(mod.name) > 0) {
            owner.fatal(log, opts, "Module " + mod.name + " is in use.");
            return -Errno.EBUSY;
        }
        int err;
        if (cmd == null) {
            err = owner.ops().refcnt(mod.name) != -Errno.ENOENT ? removeOne(mod) : 0;
        } else {
            err = runRemove(mod, cmd);
        }
        if (err < 0) {
            return err;
        }
        if (cmd == null) {
            // Dependents before their dependencies, so a whole chain nothing else uses goes.
            List<Mod> deps = new ArrayList<>(dependencies(mod));
            Collections.reverse(deps);
            for (Mod d : deps) {
                if (owner.ops().refcnt(d.name) == 0) {
                    removeOne(d);
                }
            }
        }
        removeList(sd.pre(), false);
        return 0;
    }

    private int removeList(List<Mod> list, boolean stopOnErrors) throws Modprobe.Exit {
        for (int i = list.size() - 1; i >= 0; i--) {
            int r = removeModule(list.get(i), true);
            if (r < 0 && stopOnErrors) {
                return r;
            }
        }
        return 0;
    }

    private int removeOne(Mod m) {
        show("rmmod " + m.name);
        if (opts.dryRun) {
            return 0;
        }
        try {
            owner.ops().rmmod(m.name, opts.force);
            return 0;
        } catch (ModuleException e) {
            log.error("could not remove '" + m.name + "': " + Errno.strerror(e.errno()));
            return -e.errno();
        }
    }

    private int runRemove(Mod m, String cmd) throws Modprobe.Exit {
        String line = cmd.replace("$CMDLINE_OPTS", "");
        show("remove " + line);
        if (opts.dryRun) {
            return 0;
        }
        int status = owner.ops().runCommand(line);
        if (status != 0) {
            owner.fatal(log, opts, "Error running remove command for " + m.name);
            return -status;
        }
        return 0;
    }

    // ---- output ---------------------------------------------------------------------------

    /** SHOW(): printed with -n, --show-depends or -v. */
    void show(String line) {
        if (opts.show()) {
            print(line);
        }
    }

    void print(String line) {
        try {
            out.append(line).append('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
