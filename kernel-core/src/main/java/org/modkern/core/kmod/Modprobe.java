// modprobe: loads and unloads modules with their dependencies, by name or alias, as kmod's modprobe does.
package org.modkern.core.kmod;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/**
 * The modprobe of modkern, on top of a {@link ModuleLookup} (indexes and configuration) and the
 * kernel's {@link ModuleOps}. It behaves as kmod's modprobe: a name or alias is resolved to
 * modules; each is loaded after its dependencies (in modules.dep order) and its pre softdeps,
 * before its post softdeps, each module once, with the options of modprobe.d and the kernel
 * command line followed by those given; {@code install} commands run instead of loading;
 * blacklisted modules are skipped when found by alias (or always with {@code -b}); {@code -r}
 * removes the module, then every dependency nothing uses any more. Messages, output lines and
 * exit statuses are kmod's ({@code modprobe: FATAL: Module foo not found in directory ...},
 * {@code insmod /path/foo.jar }).
 *
 * <p>One instance serves the whole kernel and is safe for concurrent use: two calls that need
 * the same module load it once (the second waits for the first's result), and no call holds a
 * module's slot while waiting for another's, so calls cannot deadlock.
 */
public final class Modprobe {

    private final Supplier<ModuleLookup> lookups;
    private final ModuleOps ops;
    private final ConcurrentHashMap<String, CompletableFuture<Integer>> inFlight = new ConcurrentHashMap<>();

    /** A modprobe over a fixed set of indexes. */
    public Modprobe(ModuleLookup lookup, ModuleOps ops) {
        this(() -> lookup, ops);
        Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * A modprobe that asks for the current indexes at every call, so a depmod run (a new
     * {@link ModuleLookup}) takes effect without a new instance.
     */
    public Modprobe(Supplier<ModuleLookup> lookups, ModuleOps ops) {
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /**
     * Runs {@code modprobe ARGS...}: {@code [-r] [-n] [-v] [-q] [-a] [-b] [-f] [-i] [-R]
     * [-D|--show-depends] [-c] [--first-time] [--remove-holders] NAME|ALIAS [param=value ...]}.
     *
     * @param out where listing and verbose lines go (kmod's stdout)
     * @param err where diagnostics go (kmod's stderr)
     * @return the exit status: 0 on success, 1 on failure
     */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Settings s = new Settings();
        List<String> names = new ArrayList<>();
        KmodLog early = new KmodLog("modprobe", err);
        if (!s.parse(args, names, early, out)) {
            return s.exitNow;
        }
        KmodLog log = new KmodLog("modprobe", err, s.verbose);
        try {
            if (s.showConfig) {
                showConfig(lookups.get(), out);
                return 0;
            }
            if (names.isEmpty()) {
                log.error("missing parameters. See -h.");
                return 1;
            }
            int r;
            if (s.remove) {
                r = 0;
                for (String n : names) {
                    int e = remove(n, s, log, out);
                    r = e < 0 ? e : r;
                }
            } else if (s.all) {
                r = 0;
                for (String n : names) {
                    int e = insert(n, null, s, log, out);
                    r = e < 0 ? e : r;
                }
            } else {
                r = insert(names.get(0), optionsFromArgs(names.subList(1, names.size())), s, log, out);
            }
            out.flush();
            return r < 0 ? 1 : 0;
        } catch (Exit e) {
            out.flush();
            return 1;
        }
    }

    /** {@code modprobe -c}: the configuration, then the modules.alias and modules.symbols indexes. */
    private static void showConfig(ModuleLookup lookup, PrintStream out) {
        out.print(lookup.config().show());
        out.print("\n# End of configuration files. Dumping indexes now:\n\n");
        for (AliasIndex index : List.of(lookup.aliases(), lookup.symbols())) {
            for (String line : index.dump()) {
                out.print("alias " + line + "\n");
            }
        }
    }

    /**
     * The kernel's {@code request_module(name)}: {@code modprobe -q NAME}, synchronously.
     *
     * @throws ModuleException ENOENT if nothing answers to the name, or the errno the load failed with
     */
    public void requestModule(String nameOrAlias) throws ModuleException {
        Settings s = new Settings();
        s.verbose = 0;
        StringBuilder sink = new StringBuilder();
        KmodLog log = new KmodLog("modprobe", sink, 0);
        int r;
        try {
            r = insert(nameOrAlias, null, s, log, sink);
        } catch (Exit e) {
            r = -Errno.ENOENT;
        }
        if (r < 0) {
            throw new ModuleException(-r, "request_module: " + nameOrAlias + ": " + Errno.strerror(-r));
        }
    }

    ModuleOps ops() {
        return ops;
    }

    /** tools/modprobe.c {@code insmod()}: every module the name resolves to. */
    private int insert(String alias, String extraOptions, Settings s, KmodLog log, Appendable out) throws Exit {
        ModuleLookup lookup = lookups.get();
        ProbeRun run = new ProbeRun(this, lookup, s, log, out);
        List<ProbeRun.Mod> mods = run.resolve(alias);
        if (mods.isEmpty()) {
            fatal(log, s, "Module " + alias + " not found in directory " + lookup.modulesDir());
            return -Errno.ENOENT;
        }
        int err = 0;
        for (ProbeRun.Mod m : mods) {
            if (s.lookupOnly) {
                run.print(m.name);
                err = 0;
                continue;
            }
            err = run.probeInsert(m, extraOptions);
            if (err >= 0) {
                err = 0;
            } else if (err == -Errno.EEXIST) {
                log.error("could not insert '" + m.name + "': Module already in kernel");
            } else if (err == -Errno.ENOENT) {
                log.error("could not insert '" + m.name + "': Unknown symbol in module, or unknown parameter (see dmesg)");
            } else {
                log.error("could not insert '" + m.name + "': " + Errno.strerror(-err));
            }
        }
        return err;
    }

    /** tools/modprobe.c {@code rmmod()}. */
    private int remove(String alias, Settings s, KmodLog log, Appendable out) throws Exit {
        ModuleLookup lookup = lookups.get();
        if (Names.normalizeAlias(alias) == null) {
            return -Errno.EINVAL;
        }
        ProbeRun run = new ProbeRun(this, lookup, s, log, out);
        List<ProbeRun.Mod> mods = run.resolve(alias);
        if (mods.isEmpty()) {
            fatal(log, s, "Module " + alias + " not found.");
            return -Errno.ENOENT;
        }
        int err = 0;
        for (ProbeRun.Mod m : mods) {
            err = run.removeModule(m, false);
            if (err < 0) {
                break;
            }
        }
        return err;
    }

    /**
     * Loads one module file unless it is loaded; concurrent callers for the same module share
     * one load and its result.
     *
     * @return 0, -EEXIST if it was (or meanwhile got) loaded, or the negative errno of the load
     */
    int insertOnce(String name, Path path, List<String> params, boolean force) {
        CompletableFuture<Integer> mine = new CompletableFuture<>();
        CompletableFuture<Integer> other = inFlight.putIfAbsent(name, mine);
        if (other != null) {
            int r = other.join();
            return r == 0 ? -Errno.EEXIST : r;
        }
        int result;
        try {
            if (ops.isLoaded(name)) {
                result = -Errno.EEXIST;
            } else {
                ops.insmod(path, params, force);
                result = 0;
            }
        } catch (ModuleException e) {
            result = -e.errno();
        } catch (RuntimeException | Error e) {
            inFlight.remove(name, mine);
            mine.complete(-Errno.EINVAL);
            throw e;
        }
        inFlight.remove(name, mine);
        mine.complete(result);
        return result;
    }

    /** kmod's LOG(): FATAL ends the command (when printed); with -a it is only a warning. */
    void fatal(KmodLog log, Settings s, String message) throws Exit {
        if (s.all) {
            log.warn(message);
            return;
        }
        if (log.enabled(KmodLog.CRIT)) {
            log.fatal(message);
            throw new Exit();
        }
    }

    /** kmod's {@code options_from_array}: arguments joined by blanks, a value with a blank quoted. */
    static String optionsFromArgs(List<String> args) {
        if (args.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            int eq = a.indexOf('=');
            String value = eq < 0 ? null : a.substring(eq + 1);
            if (value != null && !value.startsWith("\"") && !value.startsWith("'") && value.indexOf(' ') >= 0) {
                sb.append(a, 0, eq + 1).append('"').append(value).append('"');
            } else {
                sb.append(a);
            }
        }
        return sb.toString();
    }

    /**
     * Splits a module's option string as the kernel's {@code parse_args} does: words separated
     * by blanks outside double quotes; the quotes around a value, or around a whole word, are
     * dropped ({@code foo="a b"} gives {@code foo=a b}).
     */
    public static List<String> kernelArgs(String options) {
        List<String> out = new ArrayList<>();
        if (options == null) {
            return out;
        }
        String s = options;
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            boolean quoted = false;
            boolean inQuote = false;
            if (s.charAt(i) == '"') {
                i++;
                inQuote = true;
                quoted = true;
            }
            int start = i;
            int equals = -1;
            while (i < n && !(Character.isWhitespace(s.charAt(i)) && !inQuote)) {
                if (equals < 0 && s.charAt(i) == '=') {
                    equals = i;
                }
                if (s.charAt(i) == '"') {
                    inQuote = !inQuote;
                }
                i++;
            }
            int end = i;
            String param;
            if (equals < 0) {
                if (quoted && end > start && s.charAt(end - 1) == '"') {
                    end--;
                }
                param = s.substring(start, end);
            } else {
                int vs = equals + 1;
                int ve = end;
                if (vs < ve && s.charAt(vs) == '"') {
                    vs++;
                    if (ve > vs && s.charAt(ve - 1) == '"') {
                        ve--;
                    }
                } else if (quoted && ve > vs && s.charAt(ve - 1) == '"') {
                    ve--;
                }
                param = s.substring(start, equals) + "=" + s.substring(vs, Math.max(vs, ve));
            }
            out.add(param);
            if (i < n) {
                i++;
            }
        }
    }

    /** Ends a modprobe command the way kmod's exit(1) inside LOG() does. */
    static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;

        Exit() {
            super(null, null, false, false);
        }
    }

    /** The options of one call, kmod's command-line flags. */
    static final class Settings {
        int verbose = KmodLog.WARNING;
        boolean remove;
        boolean removeHolders;
        boolean all;
        boolean dryRun;
        boolean doShow;
        boolean ignoreLoaded;
        boolean lookupOnly;
        boolean firstTime;
        boolean ignoreCommands;
        boolean useBlacklist;
        boolean force;
        boolean showConfig;
        int exitNow;

        /** Lines describing actions are printed with -n, --show-depends or -v. */
        boolean show() {
            return doShow || verbose > KmodLog.WARNING;
        }

        /** getopt_long over kmod's options; false if the command ends here (help, bad option). */
        boolean parse(List<String> args, List<String> names, KmodLog log, PrintStream out) {
            boolean options = true;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!options || !a.startsWith("-") || a.equals("-")) {
                    names.add(a);
                    continue;
                }
                if (a.equals("--")) {
                    options = false;
                    continue;
                }
                if (a.startsWith("--")) {
                    String name = a.substring(2);
                    String value = null;
                    int eq = name.indexOf('=');
                    if (eq >= 0) {
                        value = name.substring(eq + 1);
                        name = name.substring(0, eq);
                    }
                    if (takesValue(name) && value == null) {
                        if (i + 1 == args.size()) {
                            log.usage("option '--" + name + "' requires an argument");
                            exitNow = 1;
                            return false;
                        }
                        value = args.get(++i);
                    }
                    if (!longOption(name, value, log, out)) {
                        return false;
                    }
                    continue;
                }
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    String value = null;
                    if ("wCdS".indexOf(c) >= 0) {
                        if (k + 1 < a.length()) {
                            value = a.substring(k + 1);
                        } else if (i + 1 < args.size()) {
                            value = args.get(++i);
                        } else {
                            log.usage("option requires an argument -- '" + c + "'");
                            exitNow = 1;
                            return false;
                        }
                        k = a.length();
                    }
                    if (!shortOption(c, value, log, out)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean takesValue(String name) {
            return name.equals("wait") || name.equals("config") || name.equals("dirname") || name.equals("set-version");
        }

        private boolean longOption(String name, String value, KmodLog log, PrintStream out) {
            switch (name) {
                case "all": return shortOption('a', null, log, out);
                case "remove": return shortOption('r', null, log, out);
                case "remove-dependencies":
                    log.warn("--remove-dependencies is deprecated and scheduled for removal; use --remove-holders");
                    removeHolders = true;
                    remove = true;
                    return true;
                case "remove-holders":
                    removeHolders = true;
                    remove = true;
                    return true;
                case "wait": return shortOption('w', value, log, out);
                case "resolve-alias":
                case "show-alias": return shortOption('R', null, log, out);
                case "first-time": firstTime = true; return true;
                case "ignore-install":
                case "ignore-remove": return shortOption('i', null, log, out);
                case "use-blacklist": return shortOption('b', null, log, out);
                case "force": return shortOption('f', null, log, out);
                case "force-modversion":
                case "force-vermagic": force = true; return true;
                case "show-depends": return shortOption('D', null, log, out);
                case "showconfig":
                case "show-config": return shortOption('c', null, log, out);
                case "dry-run":
                case "show": return shortOption('n', null, log, out);
                case "config": return shortOption('C', value, log, out);
                case "dirname": return shortOption('d', value, log, out);
                case "set-version": return shortOption('S', value, log, out);
                case "syslog": return shortOption('s', null, log, out);
                case "quiet": return shortOption('q', null, log, out);
                case "verbose": return shortOption('v', null, log, out);
                case "version": return shortOption('V', null, log, out);
                case "help": return shortOption('h', null, log, out);
                default:
                    log.usage("unrecognized option '--" + name + "'");
                    exitNow = 1;
                    return false;
            }
        }

        private boolean shortOption(char c, String value, KmodLog log, PrintStream out) {
            switch (c) {
                case 'a': all = true; return true;
                case 'r': remove = true; return true;
                case 'w':
                    if (value == null || !value.matches("\\d+")) {
                        log.error("unexpected wait value '" + value + "'.");
                        exitNow = 1;
                        return false;
                    }
                    return true;
                case 'R': lookupOnly = true; return true;
                case 'i': ignoreCommands = true; return true;
                case 'b': useBlacklist = true; return true;
                case 'f': force = true; return true;
                case 'D':
                    ignoreLoaded = true;
                    dryRun = true;
                    doShow = true;
                    return true;
                case 'c': showConfig = true; return true;
                case 'n':
                    // released kmod (30 to 34) prints the actions of a dry run only with -v
                    dryRun = true;
                    return true;
                case 's': return true;
                case 'q': verbose = 0; return true;
                case 'v': verbose++; return true;
                case 'V':
                    out.println("kmod version 30 (modkern)");
                    exitNow = 0;
                    return false;
                case 'h':
                    out.println(USAGE);
                    exitNow = 0;
                    return false;
                case 'C':
                case 'd':
                case 'S':
                    log.error("option -" + c + " is not supported: the kernel's root and release are fixed");
                    exitNow = 1;
                    return false;
                default:
                    log.usage("invalid option -- '" + c + "'");
                    exitNow = 1;
                    return false;
            }
        }
    }

    private static final String USAGE = "Usage:\n"
            + "\tmodprobe [options] [-i] [-b] modulename\n"
            + "\tmodprobe [options] -a [-i] [-b] modulename [modulename...]\n"
            + "\tmodprobe [options] -r [-i] modulename\n"
            + "\tmodprobe [options] -r -a [-i] modulename [modulename...]\n"
            + "\tmodprobe [options] -c\n"
            + "Management Options:\n"
            + "\t-a, --all                   Consider every non-argument to\n"
            + "\t                            be a module name to be inserted\n"
            + "\t                            or removed (-r)\n"
            + "\t-r, --remove                Remove modules instead of inserting\n"
            + "\t    --remove-holders        Also remove module holders (use together with -r)\n"
            + "\t    --first-time            Fail if module already inserted or removed\n"
            + "\t-i, --ignore-install        Ignore install commands\n"
            + "\t-i, --ignore-remove         Ignore remove commands\n"
            + "\t-b, --use-blacklist         Apply blacklist to resolved alias.\n"
            + "\t-f, --force                 Force module insertion or removal.\n"
            + "\n"
            + "Query Options:\n"
            + "\t-R, --resolve-alias         Only lookup and print alias and exit\n"
            + "\t-D, --show-depends          Only print module dependencies and exit\n"
            + "\t-c, --show-config           Print out known configuration and exit\n"
            + "\n"
            + "General Options:\n"
            + "\t-n, --dry-run               Do not execute operations, just print out\n"
            + "\t-q, --quiet                 disable messages\n"
            + "\t-v, --verbose               enables more messages\n"
            + "\t-V, --version               show version\n"
            + "\t-h, --help                  show this help";
}
