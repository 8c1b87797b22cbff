// The modkern side of kmod-real-check.sh: answers modprobe and modinfo queries from a real kernel's index files.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.modkern.core.kmod.BuiltinModinfo;
import org.modkern.core.kmod.KmodLog;
import org.modkern.core.kmod.Modprobe;
import org.modkern.core.kmod.ModprobeConfig;
import org.modkern.core.kmod.ModuleLookup;
import org.modkern.core.kmod.ModuleOps;
import org.modkern.core.kmod.ModulesDep;

/**
 * Usage: {@code KmodRealCheck MODULES_DIR CONFIG_ROOT MODINFO_ROOT QUERIES}. MODULES_DIR is a
 * real {@code lib/modules/RELEASE} after depmod; CONFIG_ROOT holds the {@code etc/modprobe.d}
 * modprobe is given, MODINFO_ROOT the one modinfo reads (real modinfo cannot be pointed at
 * another); the kernel command line is this machine's {@code /proc/cmdline}, which real kmod
 * reads too. QUERIES has one call a line, its arguments separated by tabs: modprobe's, or
 * {@code modinfo [-F FIELD] NAME}. For each it prints {@code ### LINE}, the call's standard
 * output, {@code ## stderr}, its standard error and {@code ## exit N}: the format the script's
 * real-kmod side writes too. Nothing is ever loaded.
 *
 * <p>modinfo runs the steps of modkern's modinfo command that need no kernel: the lookup, and
 * what it prints of built-in modules; of a module file it prints the path with
 * {@code -F filename} and {@code <file>} otherwise (a real kernel's files are not jars).
 */
public final class KmodRealCheck {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        // kmod reads its configuration at every call: its complaints start every call's stderr
        StringBuilder configLog = new StringBuilder();
        KmodLog log = new KmodLog("modprobe", configLog);
        ModprobeConfig config = ModprobeConfig.load(Path.of(args[1]), dir, cmdline(), log);
        // what reading the indexes reports goes to the kernel log in modkern, not to a command
        ModuleLookup lookup = ModuleLookup.load(dir, config, KmodLog.silent("modprobe"));
        StringBuilder modinfoLog = new StringBuilder();
        ModuleLookup modinfoLookup = ModuleLookup.load(dir, ModprobeConfig.load(Path.of(args[2]), dir, cmdline(),
                new KmodLog("modinfo", modinfoLog)), KmodLog.silent("modinfo"));
        Modprobe modprobe = new Modprobe(lookup, new NothingLoaded());
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (String line : Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8)) {
            List<String> call = new ArrayList<>(Arrays.asList(line.split("\t", -1)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = call.get(0).equals("modinfo") ? modinfo(modinfoLookup, call, o, e) : modprobe.run(call, o, e);
            }
            String early = call.get(0).equals("modinfo") ? modinfoLog.toString() : configLog.toString();
            stdout.print("### " + line + "\n" + out.toString(StandardCharsets.UTF_8) + "## stderr\n" + early
                    + err.toString(StandardCharsets.UTF_8) + "## exit " + status + "\n");
        }
        stdout.flush();
    }

    /** {@code modinfo [-F FIELD] NAME}, as modkern's modinfo command resolves and prints it. */
    private static int modinfo(ModuleLookup lookup, List<String> call, PrintStream out, PrintStream err)
            throws IOException {
        String field = call.get(1).equals("-F") ? call.get(2) : null;
        String name = call.get(call.size() - 1);
        List<ModuleLookup.Match> found = lookup.lookup(name);
        if (found.isEmpty()) {
            err.println("modinfo: ERROR: Module " + name + " not found.");
            return 1;
        }
        BuiltinModinfo builtin = BuiltinModinfo.load(lookup.modulesDir());
        int status = 0;
        for (ModuleLookup.Match m : found) {
            ModulesDep.Entry e = lookup.module(m.name());
            if (e != null) {
                out.println("filename".equals(field) ? e.path().toString() : "<file>");
                continue;
            }
            List<String> strings = builtin == null ? null : builtin.of(m.name());
            out.print(BuiltinModinfo.format(m.name(), strings, field));
            if (builtin != null && strings == null && !"filename".equals(field)) {
                err.println("modinfo: ERROR: could not get modinfo from '" + m.name() + "': Function not implemented");
                status = 1;
            }
        }
        return status;
    }

    private static String cmdline() throws IOException {
        Path p = Path.of("/proc/cmdline");
        return Files.isReadable(p) ? Files.readString(p, StandardCharsets.UTF_8).trim() : null;
    }

    /** A kernel with nothing loaded that refuses to load anything. */
    private static final class NothingLoaded implements ModuleOps {
        @Override
        public boolean isLoaded(String name) {
            return false;
        }

        @Override
        public void insmod(Path jar, List<String> params, boolean force) {
            throw new IllegalStateException("kmod-real-check never loads: " + jar);
        }

        @Override
        public void rmmod(String name, boolean force) {
            throw new IllegalStateException("kmod-real-check never unloads: " + name);
        }

        @Override
        public List<String> holders(String name) {
            return List.of();
        }

        @Override
        public int runCommand(String commandLine) {
            throw new IllegalStateException("kmod-real-check runs no command: " + commandLine);
        }
    }
}
