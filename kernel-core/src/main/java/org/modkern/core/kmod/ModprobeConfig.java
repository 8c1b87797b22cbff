// modprobe.d(5) configuration and the kernel command line's module options, parsed as libkmod parses them.
package org.modkern.core.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What modprobe is told besides the indexes: {@code alias}, {@code blacklist}, {@code options},
 * {@code install}, {@code remove}, {@code softdep} and {@code weakdep} lines from
 * {@code etc/modprobe.d/*.conf} and the modules directory's modules.softdep (all files in name
 * order), then the kernel command line ({@code NAME.param=value}, {@code modprobe.blacklist=a,b}).
 * Parsing follows libkmod to the letter, quirks included: a backslash joins lines or quotes the
 * next character, a line starting with {@code #} is a comment, bad lines are reported and
 * skipped. Module names are stored with '-' as '_'. Immutable.
 */
public final class ModprobeConfig {

    /** {@code alias PATTERN MODULE}: a glob over the names modprobe is asked for. */
    public record Alias(String pattern, String module) {
    }

    /** {@code options MODULE OPTIONS...}; the options as one string, as written. */
    public record Options(String module, String options) {
    }

    /** {@code install MODULE COMMAND...} or {@code remove MODULE COMMAND...}; MODULE is a glob. */
    public record Command(String module, String command) {
    }

    /** {@code softdep MODULE pre: A B post: C} (or {@code weakdep MODULE A B}, all in pre); MODULE is a glob. */
    public record Softdep(String module, List<String> pre, List<String> post) {
    }

    private final List<Alias> aliases;
    private final List<String> blacklist;
    private final List<Options> options;
    private final List<Command> install;
    private final List<Command> remove;
    private final List<Softdep> softdeps;
    private final List<Softdep> weakdeps;
    private final Set<String> kernelBlacklist;
    private final Glob[] aliasGlobs;

    private ModprobeConfig(Parser p) {
        aliases = List.copyOf(p.aliases);
        blacklist = List.copyOf(p.blacklist);
        options = List.copyOf(p.options);
        install = List.copyOf(p.install);
        remove = List.copyOf(p.remove);
        softdeps = List.copyOf(p.softdeps);
        weakdeps = List.copyOf(p.weakdeps);
        kernelBlacklist = Collections.unmodifiableSet(new LinkedHashSet<>(p.kernelBlacklist));
        aliasGlobs = aliases.stream().map(a -> Glob.compile(a.pattern())).toArray(Glob[]::new);
    }

    /** A configuration with nothing in it. */
    public static ModprobeConfig empty() {
        return new ModprobeConfig(new Parser(KmodLog.silent("modprobe")));
    }

    /**
     * Reads {@code ROOT/etc/modprobe.d/*.conf} and {@code modulesDir/modules.softdep} and
     * {@code modules.weakdep} in file-name order, then the kernel command line.
     *
     * @param modulesDir the release's modules directory, or null
     * @param cmdline the kernel command line, or null
     * @param log receives libkmod's complaints about bad lines
     */
    public static ModprobeConfig load(Path root, Path modulesDir, String cmdline, KmodLog log) {
        TreeMap<String, Path> files = new TreeMap<>();
        if (modulesDir != null) {
            files.put("modules.softdep", modulesDir.resolve("modules.softdep"));
            files.put("modules.weakdep", modulesDir.resolve("modules.weakdep"));
        }
        Path dir = root.resolve("etc").resolve("modprobe.d");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".") || name.length() < 6 || !name.endsWith(".conf")) {
                        continue;
                    }
                    if (Files.isDirectory(f)) {
                        log.error("Directories inside directories are not supported: " + dir + "/" + name);
                        continue;
                    }
                    files.putIfAbsent(name, f);
                }
            } catch (IOException e) {
                log.error("opendir(" + dir + "): " + e.getMessage());
            }
        }
        Parser p = new Parser(log);
        for (Path f : files.values()) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                p.parseFile(f.toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                log.error("could not read " + f + ": " + e.getMessage());
            }
        }
        if (cmdline != null) {
            p.parseCmdline(cmdline);
        }
        return new ModprobeConfig(p);
    }

    /**
     * Parses configuration text, as if each were a file of that name, then a kernel command
     * line (for tests and tools).
     *
     * @param files alternating names and contents, in the order to parse
     */
    public static ModprobeConfig parse(String cmdline, KmodLog log, String... files) {
        Parser p = new Parser(log);
        for (int i = 0; i + 1 < files.length; i += 2) {
            p.parseFile(files[i], files[i + 1]);
        }
        if (cmdline != null) {
            p.parseCmdline(cmdline);
        }
        return new ModprobeConfig(p);
    }

    /**
     * Names listed in {@code ROOT/etc/modules-load.d/*.conf} (files in name order, one module a
     * line, {@code #} and {@code ;} comments): what the kernel loads at boot.
     */
    public static List<String> modulesToLoad(Path root) throws IOException {
        Path dir = root.resolve("etc").resolve("modules-load.d");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path f : ds) {
                files.put(f.getFileName().toString(), f);
            }
        }
        for (Path f : files.values()) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && s.charAt(0) != '#' && s.charAt(0) != ';') {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** {@code alias} lines, in order. */
    public List<Alias> aliases() {
        return aliases;
    }

    /** {@code blacklist} names, modprobe.d's then the command line's, in order. */
    public List<String> blacklist() {
        return blacklist;
    }

    /** {@code options} lines, modprobe.d's then the command line's, in order. */
    public List<Options> options() {
        return options;
    }

    /** {@code install} lines, in order. */
    public List<Command> installCommands() {
        return install;
    }

    /** {@code remove} lines, in order. */
    public List<Command> removeCommands() {
        return remove;
    }

    /** {@code softdep} lines, in order. */
    public List<Softdep> softdeps() {
        return softdeps;
    }

    /** {@code weakdep} lines, in order (their modules in {@link Softdep#pre()}). */
    public List<Softdep> weakdeps() {
        return weakdeps;
    }

    /** The kernel's own {@code module_blacklist=} names: modules the kernel refuses to load at all. */
    public Set<String> kernelBlacklist() {
        return kernelBlacklist;
    }

    /** True if a module (canonical name) is blacklisted: libkmod compares names exactly. */
    public boolean isBlacklisted(String module) {
        return blacklist.contains(module);
    }

    /** The modules the {@code alias} lines map a (normalized) name to, in order. */
    public List<Alias> matchingAliases(String name) {
        List<Alias> out = new ArrayList<>(1);
        for (int i = 0; i < aliasGlobs.length; i++) {
            if (aliasGlobs[i].matches(name)) {
                out.add(aliases.get(i));
            }
        }
        return out;
    }

    /**
     * The options for a module, libkmod's {@code kmod_module_get_options}: every {@code options}
     * line for its name, or for the alias it was found by, joined by spaces in order (the
     * command line's come last); null if none.
     */
    public String optionsFor(String module, String alias) {
        StringBuilder sb = null;
        for (Options o : options) {
            if (!(o.module().equals(module) || (alias != null && o.module().equals(alias)))) {
                continue;
            }
            if (o.options().isEmpty()) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            } else {
                sb.append(' ');
            }
            sb.append(o.options());
        }
        return sb == null ? null : sb.toString();
    }

    /** The first {@code install} command whose glob matches the module name, or null. */
    public String installCommand(String module) {
        return firstCommand(install, module);
    }

    /** The first {@code remove} command whose glob matches the module name, or null. */
    public String removeCommand(String module) {
        return firstCommand(remove, module);
    }

    /** The first {@code softdep} line whose glob matches the module name. */
    public Optional<Softdep> softdep(String module) {
        for (Softdep s : softdeps) {
            if (Glob.fnmatch(s.module(), module)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The configuration part of {@code modprobe -c}. */
    public String show() {
        StringBuilder sb = new StringBuilder();
        blacklist.forEach(b -> sb.append("blacklist ").append(b).append('\n'));
        install.forEach(c -> sb.append("install ").append(c.module()).append(' ').append(c.command()).append('\n'));
        remove.forEach(c -> sb.append("remove ").append(c.module()).append(' ').append(c.command()).append('\n'));
        aliases.forEach(a -> sb.append("alias ").append(a.pattern()).append(' ').append(a.module()).append('\n'));
        options.forEach(o -> sb.append("options ").append(o.module()).append(' ').append(o.options()).append('\n'));
        for (Softdep s : softdeps) {
            // libkmod's softdep_to_char leaves no space between the lists
            sb.append("softdep ").append(s.module()).append(' ');
            if (!s.pre().isEmpty()) {
                sb.append("pre: ").append(String.join(" ", s.pre()));
            }
            if (!s.post().isEmpty()) {
                sb.append("post: ").append(String.join(" ", s.post()));
            }
            sb.append('\n');
        }
        weakdeps.forEach(w -> sb.append("weakdep ").append(w.module()).append(' ')
                .append(String.join(" ", w.pre())).append('\n'));
        return sb.toString();
    }

    private static String firstCommand(List<Command> list, String module) {
        for (Command c : list) {
            if (Glob.fnmatch(c.module(), module)) {
                return c.command();
            }
        }
        return null;
    }

    /** The parsing state: one pass over files in order, then the command line. */
    private static final class Parser {
        final KmodLog log;
        final List<Alias> aliases = new ArrayList<>();
        final List<String> blacklist = new ArrayList<>();
        final List<Options> options = new ArrayList<>();
        final List<Command> install = new ArrayList<>();
        final List<Command> remove = new ArrayList<>();
        final List<Softdep> softdeps = new ArrayList<>();
        final List<Softdep> weakdeps = new ArrayList<>();
        final List<String> kernelBlacklist = new ArrayList<>();

        Parser(KmodLog log) {
            this.log = log;
        }

        void parseFile(String filename, String text) {
            int pos = 0;
            int lineNo = 0;
            int n = text.length();
            StringBuilder line = new StringBuilder();
            while (pos < n) {
                // libkmod's freadline_wrapped: backslash-newline joins lines, backslash-x is x
                line.setLength(0);
                boolean newline = false;
                while (pos < n && !newline) {
                    char c = text.charAt(pos++);
                    if (c == '\n') {
                        lineNo++;
                        newline = true;
                    } else if (c == '\\') {
                        if (pos < n) {
                            char d = text.charAt(pos++);
                            if (d == '\n') {
                                lineNo++;
                            } else {
                                line.append(d);
                            }
                        }
                    } else {
                        line.append(c);
                    }
                }
                if (!newline) {
                    if (line.length() == 0) {
                        break;
                    }
                    lineNo++;
                }
                parseLine(filename, lineNo, line.toString());
            }
        }

        private void parseLine(String filename, int lineNo, String line) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                return;
            }
            Tokenizer t = new Tokenizer(line);
            String cmd = t.next();
            if (cmd == null) {
                return;
            }
            boolean ok = true;
            switch (cmd) {
                case "alias": {
                    String alias = t.next();
                    String mod = t.next();
                    alias = alias == null ? null : Names.normalizeAlias(alias);
                    mod = mod == null ? null : Names.normalizeAlias(mod);
                    ok = alias != null && mod != null;
                    if (ok) {
                        aliases.add(new Alias(alias, mod));
                    }
                    break;
                }
                case "blacklist": {
                    String mod = t.next();
                    mod = mod == null ? null : Names.normalizeAlias(mod);
                    ok = mod != null;
                    if (ok) {
                        blacklist.add(mod);
                    }
                    break;
                }
                case "options":
                case "install":
                case "remove":
                case "softdep":
                case "weakdep": {
                    String mod = t.next();
                    mod = mod == null ? null : Names.normalizeAlias(mod);
                    String rest = t.rest();
                    ok = mod != null && rest != null;
                    if (ok) {
                        add(cmd, mod, rest);
                    }
                    break;
                }
                case "include":
                case "config":
                    log.error(filename + ": command " + cmd + " is deprecated and not parsed anymore");
                    return;
                default:
                    ok = false;
            }
            if (!ok) {
                log.error(filename + " line " + lineNo + ": ignoring bad line starting with '" + cmd + "'");
            }
        }

        private void add(String cmd, String mod, String rest) {
            switch (cmd) {
                case "options": options.add(new Options(mod, rest.replace('\t', ' '))); break;
                case "install": install.add(new Command(mod, rest)); break;
                case "remove": remove.add(new Command(mod, rest)); break;
                case "softdep": softdeps.add(softdepOf(mod, rest, true)); break;
                default: weakdeps.add(softdepOf(mod, rest, false)); break;
            }
        }

        /**
         * libkmod's word scan of a softdep line, faithfully: {@code pre:} and {@code post:} switch
         * lists, words before either are dropped (and so is everything when the line starts
         * with blanks, libkmod's own quirk).
         */
        private static Softdep softdepOf(String mod, String line, boolean modes) {
            List<String> pre = new ArrayList<>();
            List<String> post = new ArrayList<>();
            int mode = modes ? 0 : 1;
            boolean wasSpace = false;
            int p = 0;
            int n = line.length();
            for (int s = 0; ; s++) {
                boolean end = s == n;
                if (!end) {
                    char c = line.charAt(s);
                    if (!isSpace(c)) {
                        wasSpace = false;
                        continue;
                    }
                    if (wasSpace) {
                        p = s + 1;
                        continue;
                    }
                    wasSpace = true;
                    if (p >= s) {
                        continue;
                    }
                }
                String word = line.substring(Math.min(p, n), s);
                if (modes && word.equals("pre:")) {
                    mode = 1;
                } else if (modes && word.equals("post:")) {
                    mode = 2;
                } else if (!end || !wasSpace) {
                    if (mode == 1) {
                        pre.add(word);
                    } else if (mode == 2) {
                        post.add(word);
                    }
                }
                p = s + 1;
                if (end) {
                    break;
                }
            }
            return new Softdep(mod, List.copyOf(pre), List.copyOf(post));
        }

        /** libkmod's kernel command line scanner: {@code mod.param[=value]} words, quotes and all. */
        void parseCmdline(String cmdline) {
            parseKernelBlacklist(cmdline);
            char[] buf = (cmdline + "\0").toCharArray();
            final int modnameSt = 0;
            final int paramSt = 1;
            final int valueSt = 2;
            final int ignoreSt = 3;
            int state = modnameSt;
            int quoteStart = -1;
            int modname = 0;
            int param = -1;
            int value = -1;
            boolean quoted = false;
            boolean iter = true;
            for (int p = 0; iter; p++) {
                boolean complete = false;
                char c = buf[p];
                if (c == '"') {
                    quoted = !quoted;
                    if (quoted && state == modnameSt && p == modname) {
                        quoteStart = p;
                        modname = p + 1;
                    } else if (state != valueSt) {
                        state = ignoreSt;
                    }
                } else if (c == '\0' || isSpace(c)) {
                    iter = c != '\0';
                    if (quoted && state == valueSt) {
                        // a quoted value may hold blanks
                    } else if (quoted) {
                        state = ignoreSt;
                    } else if (state == valueSt || state == paramSt) {
                        buf[p] = '\0';
                        complete = true;
                    } else {
                        modname = p + 1;
                        state = modnameSt;
                        quoteStart = -1;
                    }
                } else if (c == '.') {
                    if (state == modnameSt) {
                        buf[p] = '\0';
                        param = p + 1;
                        state = paramSt;
                    } else if (state == paramSt) {
                        state = ignoreSt;
                    }
                } else if (c == '=') {
                    if (state == paramSt) {
                        value = p + 1;
                        state = valueSt;
                    } else if (state == modnameSt) {
                        state = ignoreSt;
                    }
                }
                if (complete) {
                    if (quoteStart >= 0 && quoteStart < modname && value > modname) {
                        // re-quote what the boot loader unquoted: "m.p=a b" becomes m.p="a b"
                        System.arraycopy(buf, modname, buf, quoteStart, value - modname);
                        value--;
                        modname--;
                        param--;
                        buf[value] = '"';
                    }
                    cmdlineResult(cstr(buf, modname), cstr(buf, param), value < 0 ? null : cstr(buf, value));
                    modname = p + 1;
                    state = modnameSt;
                    quoteStart = -1;
                }
            }
        }

        private void cmdlineResult(String modname, String param, String value) {
            if (modname.equals("modprobe") && param.startsWith("blacklist=")) {
                String v = value == null ? "" : value;
                for (String name : v.split(",", -1)) {
                    blacklist.add(name);
                }
                return;
            }
            String mod = Names.normalizeAlias(modname);
            if (mod == null) {
                log.error("Ignoring bad option on kernel command line while parsing module name: '" + modname + "'");
                return;
            }
            options.add(new Options(mod, param.replace('\t', ' ')));
        }

        private void parseKernelBlacklist(String cmdline) {
            for (String word : cmdline.trim().split("\\s+")) {
                if (word.startsWith("module_blacklist=")) {
                    for (String name : word.substring("module_blacklist=".length()).split(",")) {
                        if (!name.isEmpty()) {
                            kernelBlacklist.add(name);
                        }
                    }
                }
            }
        }

        private static String cstr(char[] buf, int from) {
            int end = from;
            while (buf[end] != '\0') {
                end++;
            }
            return new String(buf, from, end - from);
        }

        static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
        }
    }

    /** strtok_r over " \t": words, then the unsplit rest after one delimiter. */
    private static final class Tokenizer {
        private final String s;
        private int pos;

        Tokenizer(String s) {
            this.s = s;
        }

        String next() {
            int n = s.length();
            while (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
            if (pos >= n) {
                return null;
            }
            int start = pos;
            while (pos < n && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            String tok = s.substring(start, pos);
            if (pos < n) {
                pos++; // strtok consumes the one delimiter that ended the word
            }
            return tok;
        }

        /** strtok_r(NULL, "") : everything left, or null if nothing is. */
        String rest() {
            return pos >= s.length() ? null : s.substring(pos);
        }
    }
}
