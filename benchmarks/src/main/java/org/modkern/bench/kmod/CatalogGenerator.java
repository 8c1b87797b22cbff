// Writes a synthetic module catalog the size of a large distribution kernel, for depmod and alias benchmarks.
package org.modkern.bench.kmod;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Generates {@code ROOT/lib/modules/RELEASE/} with module jars (manifest only) shaped like a
 * distribution kernel's: drivers, file systems, crypto, net and library modules; alias patterns
 * in PCI, USB, ACPI, OF, DMI, {@code fs-} and {@code crypto-} styles with {@code *}, {@code ?} and
 * {@code [...]}; dependency chains up to a given depth through Export-Package/Import-Package;
 * a modules.order listing most of them and a modules.builtin. Deterministic for a seed.
 *
 * <p>{@code java -cp benchmarks.jar org.modkern.bench.kmod.CatalogGenerator ROOT [--modules N]
 * [--aliases N] [--depth N] [--seed N] [--release R]}
 */
public final class CatalogGenerator {

    /** Default kernel release of generated catalogs. */
    public static final String RELEASE = "6.1.0-bench";

    private static final String[] DIRS = {
        "kernel/drivers/net/ethernet", "kernel/drivers/net/wireless", "kernel/drivers/gpu/drm", "kernel/drivers/usb",
        "kernel/drivers/scsi", "kernel/drivers/media", "kernel/drivers/hid", "kernel/drivers/iio", "kernel/drivers/input",
        "kernel/drivers/platform/x86", "kernel/drivers/tty/serial", "kernel/drivers/i2c", "kernel/sound/pci",
        "kernel/fs", "kernel/crypto", "kernel/net", "kernel/lib",
    };

    private final int modules;
    private final int aliases;
    private final int depth;
    private final SplittableRandom rnd;

    /** The generated modules, in catalog order. */
    private final List<Module> catalog = new ArrayList<>();

    /** One generated module. */
    public record Module(String relPath, String name, List<String> exports, List<String> imports, List<String> aliases) {
    }

    /**
     * @param modules number of modules
     * @param aliases number of alias patterns in total
     * @param depth the longest dependency chain
     */
    public CatalogGenerator(int modules, int aliases, int depth, long seed) {
        this.modules = modules;
        this.aliases = aliases;
        this.depth = depth;
        this.rnd = new SplittableRandom(seed);
        generate();
    }

    /** The modules, in catalog (modules.order) order. */
    public List<Module> modules() {
        return catalog;
    }

    /** Writes the catalog's jars, modules.order and modules.builtin under ROOT. */
    public Path write(Path root, String release) throws IOException {
        Path dir = root.resolve("lib").resolve("modules").resolve(release);
        Files.createDirectories(dir);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < catalog.size(); i++) {
            Module m = catalog.get(i);
            writeJar(dir.resolve(m.relPath()), m);
            // a few out-of-tree style modules are not listed, as on real systems
            if (i % 50 != 49) {
                order.append(m.relPath()).append('\n');
            }
        }
        Files.writeString(dir.resolve("modules.order"), order, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("modules.builtin"),
                "kernel/net/unix/unix.ko\nkernel/fs/ext2/ext2.ko\nkernel/drivers/tty/vt.ko\n", StandardCharsets.UTF_8);
        return dir;
    }

    private void generate() {
        // Modules first, then chains of library dependencies, then aliases spread with a long tail.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < modules; i++) {
            String dirName = DIRS[i % DIRS.length];
            String base = switch (dirName.substring(dirName.lastIndexOf('/') + 1)) {
                case "fs" -> "fs";
                case "crypto" -> "crypto";
                case "lib" -> "lib";
                default -> "drv";
            };
            String name = base + "_" + Integer.toString(i, 36) + (rnd.nextInt(4) == 0 ? "-core" : "");
            names.add(name);
            catalog.add(new Module(dirName + "/" + name + ".jar", name.replace('-', '_'), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>()));
        }
        // Dependency chains: module i depends on i+stride for up to `depth` links.
        int chainStart = 0;
        while (chainStart < modules) {
            int len = 1 + rnd.nextInt(depth);
            for (int k = 0; k < len && chainStart + k + 1 < modules; k++) {
                Module user = catalog.get(chainStart + k);
                Module lib = catalog.get(chainStart + k + 1);
                String pkg = "org.synth." + lib.name() + ".api";
                if (!lib.exports().contains(pkg)) {
                    lib.exports().add(pkg);
                }
                user.imports().add(pkg);
            }
            chainStart += len + 1;
        }
        // Cross links to leaf libraries from modules already in a chain: more sharing, same depth.
        List<Module> leaves = new ArrayList<>();
        for (Module m : catalog) {
            if (!m.exports().isEmpty() && m.imports().isEmpty()) {
                leaves.add(m);
            }
        }
        for (Module m : catalog) {
            if (!m.imports().isEmpty() && !leaves.isEmpty() && rnd.nextInt(4) == 0) {
                String pkg = leaves.get(rnd.nextInt(leaves.size())).exports().get(0);
                if (!m.imports().contains(pkg) && !m.exports().contains(pkg)) {
                    m.imports().add(pkg);
                }
            }
        }
        for (Module m : catalog) {
            m.imports().add("org.modkern.api");
        }
        for (int a = 0; a < aliases; a++) {
            // a long tail: a few drivers carry big ID tables
            int idx = rnd.nextInt(4) == 0 ? rnd.nextInt(Math.max(1, modules / 20)) * 20 % modules : rnd.nextInt(modules);
            Module m = catalog.get(idx);
            m.aliases().add(alias(m));
        }
    }

    private String alias(Module m) {
        int kind = rnd.nextInt(100);
        if (m.relPath().startsWith("kernel/fs/")) {
            return kind < 60 ? "fs-" + m.name() + (kind % 3 == 0 ? "" : "v" + rnd.nextInt(5))
                    : "block-major-" + (8 + rnd.nextInt(200)) + "-*";
        }
        if (m.relPath().startsWith("kernel/crypto/")) {
            String alg = new String[] {"sha", "aes", "crc", "cbc", "gcm", "xts", "ctr", "blake"}[rnd.nextInt(8)]
                    + rnd.nextInt(600);
            return kind < 50 ? "crypto-" + alg : "crypto-" + alg + "-" + (kind < 75 ? "generic" : "ni");
        }
        if (kind < 45) {
            return pci();
        }
        if (kind < 70) {
            return usb();
        }
        if (kind < 80) {
            return String.format("acpi*:%s%04X:*", new String[] {"PNP", "INT", "LNX", "ACPI", "MSFT", "AMDI"}[rnd.nextInt(6)],
                    rnd.nextInt(0x10000));
        }
        if (kind < 90) {
            String compat = new String[] {"fsl", "ti", "qcom", "rockchip", "allwinner", "nxp", "st", "brcm"}[rnd.nextInt(8)]
                    + "," + new String[] {"imx", "am", "sdm", "rk", "sun", "lpc", "stm", "bcm"}[rnd.nextInt(8)]
                    + rnd.nextInt(1000) + "-" + new String[] {"uart", "i2c", "spi", "gpio", "mmc", "pwm"}[rnd.nextInt(6)];
            return rnd.nextBoolean() ? "of:N*T*C" + compat : "of:N*T*C" + compat + "C*";
        }
        if (kind < 95) {
            return String.format("dmi*:svn%s:pn%s%d?%d*:", new String[] {"LENOVO", "Dell*", "HP", "ASUSTeK*"}[rnd.nextInt(4)],
                    new String[] {"ThinkPad", "Latitude", "EliteBook", "ZenBook"}[rnd.nextInt(4)], rnd.nextInt(100),
                    rnd.nextInt(10));
        }
        return String.format("platform:%s-%d", m.name(), rnd.nextInt(50));
    }

    private String pci() {
        int vendor = new int[] {0x8086, 0x10DE, 0x1002, 0x14E4, 0x10EC, 0x1AF4, 0x15B3, 0x1077}[rnd.nextInt(8)];
        int k = rnd.nextInt(10);
        if (k < 6) {
            return String.format("pci:v%08Xd%08Xsv*sd*bc*sc*i*", vendor, rnd.nextInt(0x10000));
        }
        if (k < 8) {
            return String.format("pci:v%08Xd%08Xsv%08Xsd%08Xbc*sc*i*", vendor, rnd.nextInt(0x10000), vendor,
                    rnd.nextInt(0x10000));
        }
        if (k < 9) {
            return String.format("pci:v%08Xd*sv*sd*bc%02Xsc%02Xi*", vendor, rnd.nextInt(0x13), rnd.nextInt(0x10));
        }
        return String.format("pci:v*d*sv*sd*bc%02Xsc%02Xi%02X*", rnd.nextInt(0x13), rnd.nextInt(0x10), rnd.nextInt(0x40));
    }

    private String usb() {
        int k = rnd.nextInt(10);
        if (k < 6) {
            return String.format("usb:v%04Xp%04Xd*dc*dsc*dp*ic*isc*ip*in*", rnd.nextInt(0x10000), rnd.nextInt(0x10000));
        }
        if (k < 8) {
            // bcdDevice ranges come out as bracket expressions
            return String.format("usb:v%04Xp%04Xd0[0-%d]*dc*dsc*dp*ic*isc*ip*in*", rnd.nextInt(0x10000),
                    rnd.nextInt(0x10000), 1 + rnd.nextInt(8));
        }
        if (k < 9) {
            return String.format("usb:v%04Xp*d*dc*dsc*dp*ic%02Xisc%02Xip%02Xin*", rnd.nextInt(0x10000), rnd.nextInt(0x100),
                    rnd.nextInt(0x10), rnd.nextInt(0x10));
        }
        return String.format("usb:v*p*d*dc*dsc*dp*ic%02Xisc%02Xip%02Xin*", rnd.nextInt(0x100), rnd.nextInt(0x10),
                rnd.nextInt(0x10));
    }

    private static void writeJar(Path jar, Module m) throws IOException {
        Files.createDirectories(jar.getParent());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Bundle-SymbolicName", m.name());
        h.put("Bundle-Version", "1.0.0");
        h.put("Module-License", "GPL");
        if (!m.exports().isEmpty()) {
            h.put("Export-Package", String.join(",", m.exports()));
        }
        if (!m.imports().isEmpty()) {
            h.put("Import-Package", String.join(",", m.imports()));
        }
        if (!m.aliases().isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String a : m.aliases()) {
                quoted.add('"' + a + '"');
            }
            h.put("Module-Alias", String.join(",", quoted));
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        h.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf)) {
            jos.flush();
        }
    }

    /** Generates a catalog into ROOT. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: CatalogGenerator ROOT [--modules 5000] [--aliases 30000] [--depth 12]"
                    + " [--seed 42] [--release " + RELEASE + "]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        int modules = 5000;
        int aliases = 30000;
        int depth = 12;
        long seed = 42;
        String release = RELEASE;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--modules" -> modules = Integer.parseInt(args[i + 1]);
                case "--aliases" -> aliases = Integer.parseInt(args[i + 1]);
                case "--depth" -> depth = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--release" -> release = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        CatalogGenerator g = new CatalogGenerator(modules, aliases, depth, seed);
        Path dir = g.write(root, release);
        int patterns = g.modules().stream().mapToInt(m -> m.aliases().size()).sum();
        System.out.println("wrote " + g.modules().size() + " modules, " + patterns + " alias patterns to " + dir);
    }
}
