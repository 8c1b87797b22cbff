// Tests depmod on fake roots: kmod's formats and orders (checked against kmod 30), warnings, cycles, atomic writes.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepmodTest {

    @TempDir
    Path dir;

    @Test
    void modulesDepListsEveryDependencyInReverseLoadOrder() throws Exception {
        TestRoot r = Seed.write(new TestRoot(dir)).runDepmod();
        assertEquals(String.join("\n",
                "kernel/fs/ext4/ext4.jar: kernel/lib/crc16.jar kernel/fs/mbcache.jar kernel/fs/jbd2/jbd2.jar",
                "kernel/fs/jbd2/jbd2.jar:",
                "kernel/fs/mbcache.jar:",
                "kernel/fs/btrfs/btrfs.jar: kernel/lib/zstd/zstd_compress.jar kernel/lib/zlib_deflate/zlib_deflate.jar"
                        + " kernel/lib/raid6/raid6_pq.jar kernel/lib/libcrc32c.jar",
                "kernel/crypto/crc32c_generic.jar:",
                "kernel/drivers/acpi/video.jar:",
                "kernel/drivers/gpu/drm/drm.jar:",
                "kernel/drivers/gpu/drm/drm_kms_helper.jar: kernel/drivers/gpu/drm/drm.jar",
                "kernel/drivers/video/nvidia.jar:",
                "kernel/drivers/video/nvidia-modeset.jar: kernel/drivers/acpi/video.jar kernel/drivers/video/nvidia.jar",
                "kernel/drivers/video/nvidia-drm.jar: kernel/drivers/video/nvidia-modeset.jar kernel/drivers/acpi/video.jar"
                        + " kernel/drivers/video/nvidia.jar kernel/drivers/gpu/drm/drm_kms_helper.jar kernel/drivers/gpu/drm/drm.jar",
                "kernel/drivers/video/nvidia-uvm.jar: kernel/drivers/video/nvidia.jar",
                "kernel/drivers/net/ethernet/intel/igb/igb.jar:",
                "kernel/lib/libcrc32c.jar:",
                "kernel/lib/crc16.jar:",
                "kernel/lib/raid6/raid6_pq.jar:",
                "kernel/lib/zlib_deflate/zlib_deflate.jar:",
                "kernel/lib/zstd/zstd_compress.jar:") + "\n", r.read("modules.dep"));
    }

    @Test
    void aliasSoftdepSymbolsAndDevnameFiles() throws Exception {
        TestRoot r = Seed.write(new TestRoot(dir)).runDepmod();
        assertEquals(String.join("\n",
                "# Aliases extracted from modules themselves.",
                "alias fs-ext4 ext4", "alias fs-ext3 ext4", "alias fs-ext2 ext4",
                "alias fs-btrfs btrfs", "alias devname:btrfs-control btrfs", "alias char-major-10-234 btrfs",
                "alias crypto-crc32c crc32c_generic", "alias crypto-crc32c-generic crc32c_generic",
                "alias acpi*:LNXVIDEO:* video",
                "alias pci:v000010DEd*sv*sd*bc03sc00i00* nvidia", "alias pci:v000010DEd*sv*sd*bc03sc02i00* nvidia",
                "alias pci:v000010DEd*sv*sd*bc03sc*i* nvidia_drm",
                "alias pci:v00008086d00001533sv*sd*bc*sc*i* igb", "alias pci:v00008086d00001539sv*sd*bc*sc*i* igb") + "\n",
                r.read("modules.alias"));
        assertEquals("# Soft dependencies extracted from modules themselves.\n"
                + "softdep btrfs pre: crc32c\nsoftdep libcrc32c pre: crc32c\n", r.read("modules.softdep"));
        // kmod's hash-table order, as kmod 30 writes it for these symbols
        assertEquals(String.join("\n",
                "# Aliases for symbols, used by symbol_request().",
                "alias symbol:org.modkern.acpi.video video",
                "alias symbol:org.modkern.lib.zstd.compress zstd_compress",
                "alias symbol:com.nvidia.modeset nvidia_modeset",
                "alias symbol:org.modkern.lib.zlib.deflate zlib_deflate",
                "alias symbol:org.modkern.drm drm",
                "alias symbol:org.modkern.drm.kms drm_kms_helper",
                "alias symbol:com.nvidia.rm nvidia",
                "alias symbol:org.modkern.lib.crc32c libcrc32c",
                "alias symbol:org.modkern.fs.mbcache mbcache",
                "alias symbol:org.modkern.lib.raid6 raid6_pq",
                "alias symbol:org.modkern.fs.jbd2 jbd2",
                "alias symbol:org.modkern.lib.crc16 crc16") + "\n", r.read("modules.symbols"));
        assertEquals("# Device nodes to trigger on-demand module loading.\nbtrfs btrfs-control c10:234\n",
                r.read("modules.devname"));
        assertEquals("# Weak dependencies extracted from modules themselves.\n", r.read("modules.weakdep"));
    }

    @Test
    void dependenciesOfAModuleComeInModulesDepOrder() throws Exception {
        Depmod d = Seed.write(new TestRoot(dir)).depmod();
        assertEquals(List.of("zstd_compress", "zlib_deflate", "raid6_pq", "libcrc32c"),
                d.dependencies("btrfs").stream().map(Catalog.Entry::name).collect(Collectors.toList()));
        assertEquals(List.of("nvidia_modeset", "video", "nvidia", "drm_kms_helper", "drm"),
                d.dependencies("nvidia-drm").stream().map(Catalog.Entry::name).collect(Collectors.toList()));
    }

    @Test
    void unknownImportsAndDuplicateExportsAreReportedInKmodsWords() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/a.jar").exports("org.x").write();
        r.module("kernel/b.jar").exports("org.x").write();
        r.module("kernel/c.jar").imports("org.x", "org.missing", "java.util", "org.modkern.api")
                .header("Import-Package", "org.x,org.missing,org.optional;resolution:=optional,java.util").write();
        r.order("kernel/a.jar", "kernel/b.jar", "kernel/c.jar");
        Depmod d = r.depmod();
        assertEquals("depmod: WARNING: duplicate module syms:\nsymbol:org.x b\n"
                + "depmod: WARNING: " + r.path("kernel/c.jar") + " needs unknown symbol org.missing\n", r.log.toString());
        // the last exporter in catalog order owns the symbol, as in kmod's symbol table
        assertEquals("kernel/c.jar: kernel/b.jar\n", d.content("modules.dep").lines()
                .filter(l -> l.startsWith("kernel/c.jar")).findFirst().orElseThrow() + "\n");
    }

    @Test
    void aModuleImportingWhatItExportsNeedsNobodyForIt() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/a.jar").exports("org.a").imports("org.a").write();
        r.order("kernel/a.jar");
        assertEquals("kernel/a.jar:\n", r.depmod().content("modules.dep"));
        assertEquals("", r.log.toString());
    }

    /** kmod's testsuite case test-depmod/detect-loop, with its module order (kmod's hash order). */
    @Test
    void cyclesAreReportedAsKmodReportsThemAndNothingIsWritten() throws Exception {
        TestRoot r = new TestRoot(dir);
        Map<String, String> uses = Map.ofEntries(Map.entry("a", "bfg"), Map.entry("b", "cfg"), Map.entry("c", "a"),
                Map.entry("d", "e"), Map.entry("e", "d"), Map.entry("f", ""), Map.entry("g", ""), Map.entry("h", "i"),
                Map.entry("i", "j"), Map.entry("j", "hk"), Map.entry("k", "h"));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : uses.entrySet()) {
            String[] imports = e.getValue().chars().mapToObj(c -> "print" + Character.toUpperCase((char) c))
                    .toArray(String[]::new);
            r.module("kernel/mod-loop-" + e.getKey() + ".jar").exports("print" + e.getKey().toUpperCase())
                    .imports(imports).write();
            names.add("mod_loop_" + e.getKey());
        }
        r.order(KmodHash.iterationOrder(names, 512).stream()
                .map(n -> "kernel/" + n.replace('_', '-') + ".jar").toArray(String[]::new));
        Depmod d = r.depmod();
        assertFalse(d.ok());
        assertEquals(String.join("\n",
                "depmod: ERROR: Cycle detected: mod_loop_d -> mod_loop_e -> mod_loop_d",
                "depmod: ERROR: Cycle detected: mod_loop_i -> mod_loop_j -> mod_loop_k -> mod_loop_h -> mod_loop_i",
                "depmod: ERROR: Cycle detected: mod_loop_i -> mod_loop_j -> mod_loop_h -> mod_loop_i",
                "depmod: ERROR: Cycle detected: mod_loop_c -> mod_loop_a -> mod_loop_b -> mod_loop_c",
                "depmod: ERROR: Found 9 modules in dependency cycles!") + "\n", r.log.toString());
        assertThrows(IllegalStateException.class, () -> d.writeTo(r.modulesDir));
        assertFalse(Files.exists(r.modulesDir.resolve("modules.dep")));
    }

    @Test
    void dryRunPrintsEveryIndexToTheStream() throws Exception {
        TestRoot r = Seed.write(new TestRoot(dir));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Depmod.run(new String[] {"-b", r.root.toString(), "-n", TestRoot.RELEASE},
                new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, status);
        Depmod d = r.depmod();
        String expected = Depmod.OUTPUTS.stream().map(d::content).collect(Collectors.joining());
        assertEquals(expected, out.toString(StandardCharsets.UTF_8));
        assertTrue(expected.startsWith("kernel/fs/ext4/ext4.jar: kernel/lib/crc16.jar"));
        assertFalse(Files.exists(r.modulesDir.resolve("modules.dep")));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        TestRoot r = Seed.write(new TestRoot(dir));
        Files.writeString(r.modulesDir.resolve("modules.dep"), "stale\n");
        r.runDepmod();
        assertTrue(r.read("modules.dep").startsWith("kernel/fs/ext4/ext4.jar:"));
        try (Stream<Path> s = Files.list(r.modulesDir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                    .collect(Collectors.toList()));
        }
        assertTrue(r.log.toString().contains(
                "depmod: WARNING: could not open modules.builtin.modinfo at " + r.modulesDir + ": No such file or directory"));
    }

    @Test
    void indexesAreOutdatedWhenMissingOrOlderThanAModule() throws Exception {
        TestRoot r = Seed.write(new TestRoot(dir));
        assertTrue(Depmod.needsUpdate(r.modulesDir));
        r.runDepmod();
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (Stream<Path> s = Files.walk(r.modulesDir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jar") || p.endsWith("modules.order"))
                    .collect(Collectors.toList())) {
                Files.setLastModifiedTime(p, past);
            }
        }
        assertFalse(Depmod.needsUpdate(r.modulesDir));
        Files.setLastModifiedTime(r.modulesDir.resolve(Seed.IGB),
                FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertTrue(Depmod.needsUpdate(r.modulesDir));
        r.runDepmod();
        Files.delete(r.modulesDir.resolve("modules.symbols"));
        assertTrue(Depmod.needsUpdate(r.modulesDir));
    }

    @Test
    void commandLineChecksItsArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true);
        assertEquals(1, Depmod.run(new String[] {"-b", dir.toString(), "notaversion"}, ps, ps));
        assertEquals(1, Depmod.run(new String[] {"-b", dir.toString(), "1.0"}, ps, ps));
        assertEquals("depmod: ERROR: Bad version passed notaversion\n"
                + "depmod: FATAL: could not search modules: could not open directory "
                + dir.resolve("lib/modules/1.0") + ": No such file or directory\n", err.toString(StandardCharsets.UTF_8));
        // bad options read as glibc's getopt writes them (kmod 30's depmod)
        err.reset();
        assertEquals(1, Depmod.run(new String[] {"--foo"}, ps, ps));
        assertEquals(1, Depmod.run(new String[] {"-Z"}, ps, ps));
        assertEquals(1, Depmod.run(new String[] {"-b"}, ps, ps));
        assertEquals(1, Depmod.run(new String[] {"--basedir"}, ps, ps));
        assertEquals("depmod: unrecognized option '--foo'\ndepmod: invalid option -- 'Z'\n"
                + "depmod: option requires an argument -- 'b'\ndepmod: option '--basedir' requires an argument\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
