// Tests modprobe on fake roots and a fake kernel: outputs and messages as kmod's, loads, removals, concurrency.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

class ModprobeTest {

    @TempDir
    Path dir;

    /** One modprobe run's status and streams. */
    record Result(int status, String out, String err) {
    }

    private TestRoot root;
    private FakeOps ops;
    private Modprobe modprobe;

    private void boot(String cmdline, String conf) throws Exception {
        root = Seed.write(new TestRoot(dir));
        if (conf != null) {
            root.conf("test.conf", conf);
        }
        root.runDepmod();
        ModuleLookup lookup = root.lookup(cmdline);
        ops = new FakeOps(lookup);
        modprobe = new Modprobe(lookup, ops);
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int st = modprobe.run(Arrays.asList(args), new PrintStream(out, true), new PrintStream(err, true));
        return new Result(st, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String insmod(String rel, String options) {
        return "insmod " + root.path(rel) + " " + options + "\n";
    }

    @Test
    void showDependsPrintsInsmodLinesInLoadOrder() throws Exception {
        boot(null, null);
        assertEquals(new Result(0, insmod(Seed.LIBCRC32C, "") + insmod(Seed.RAID6, "") + insmod(Seed.ZLIB, "")
                + insmod(Seed.ZSTD, "") + insmod(Seed.BTRFS, ""), ""), run("--show-depends", "btrfs"));
        assertEquals(new Result(0, insmod(Seed.JBD2, "") + insmod(Seed.MBCACHE, "") + insmod(Seed.CRC16, "")
                + insmod(Seed.EXT4, ""), ""), run("--show-depends", "ext4"));
        assertEquals(insmod(Seed.DRM, "") + insmod(Seed.KMS, "") + insmod(Seed.NVIDIA, "") + insmod(Seed.VIDEO, "")
                + insmod(Seed.NVIDIA_MODESET, "") + insmod(Seed.NVIDIA_DRM, ""), run("-D", "nvidia-drm").out());
        assertEquals("builtin unix\n", run("--show-depends", "unix").out());
        assertEquals(List.of(), ops.events);
    }

    @Test
    void notFoundIsFatalWithKmodsMessage() throws Exception {
        boot(null, null);
        assertEquals(new Result(1, "", "modprobe: FATAL: Module nosuch not found in directory " + root.modulesDir + "\n"),
                run("nosuch"));
        assertEquals(new Result(1, "", ""), run("-q", "nosuch"));
        assertEquals(new Result(1, "", "modprobe: ERROR: missing parameters. See -h.\n"), run("-v"));
    }

    @Test
    void badOptionsAreReportedAsGetoptReportsThem() throws Exception {
        // glibc's getopt prints these, with no level, even after -q (as kmod 30 shows)
        boot(null, null);
        assertEquals(new Result(1, "", "modprobe: invalid option -- 'Z'\n"), run("-q", "-Z", "x"));
        assertEquals(new Result(1, "", "modprobe: invalid option -- '*'\n"), run("-R", "-*x"));
        assertEquals(new Result(1, "", "modprobe: unrecognized option '--foo'\n"), run("--foo", "x"));
        assertEquals(new Result(1, "", "modprobe: option '--config' requires an argument\n"), run("--config"));
        assertEquals(new Result(1, "", "modprobe: option requires an argument -- 'C'\n"), run("-C"));
    }

    @Test
    void resolveAliasPrintsOneModuleALine() throws Exception {
        boot(null, "alias gfx nvidia-drm\n");
        assertEquals(new Result(0, "nvidia\nnvidia_drm\n", ""),
                run("-R", "pci:v000010DEd00001234sv00001028sd00000001bc03sc00i00"));
        assertEquals("nvidia_drm\n", run("--resolve-alias", "gfx").out());
        assertEquals("ext4\n", run("-R", "fs-ext4").out());
        assertEquals("unix\n", run("-R", "unix").out());
        assertEquals(List.of(), ops.events);
    }

    @Test
    void showConfigEndsWithTheAliasAndSymbolIndexes() throws Exception {
        boot(null, "alias my-fs btrfs\n");
        String out = run("-c").out();
        String indexes = out.substring(out.indexOf("# End of configuration files. Dumping indexes now:\n\n") + 52);
        List<String> lines = List.of(indexes.split("\n"));
        assertEquals("alias my_fs btrfs", out.lines().filter(l -> l.startsWith("alias")).findFirst().orElseThrow());
        assertEquals(List.of("alias acpi*:LNXVIDEO:* video", "alias char_major_10_234 btrfs", "alias crypto_crc32c crc32c_generic",
                "alias crypto_crc32c_generic crc32c_generic", "alias devname:btrfs_control btrfs", "alias fs_btrfs btrfs",
                "alias fs_ext2 ext4", "alias fs_ext3 ext4", "alias fs_ext4 ext4"), lines.subList(0, 9));
        assertEquals("alias symbol:com.nvidia.modeset nvidia_modeset",
                lines.stream().filter(l -> l.startsWith("alias symbol:")).findFirst().orElseThrow());
    }

    @Test
    void loadsDependenciesFirstAndEachModuleOnce() throws Exception {
        boot(null, null);
        Result r = run("-v", "nvidia_drm");
        assertEquals(0, r.status());
        assertEquals(List.of("insmod drm", "insmod drm_kms_helper", "insmod nvidia", "insmod video",
                "insmod nvidia_modeset", "insmod nvidia_drm"), ops.events);
        assertEquals(insmod(Seed.DRM, "") + insmod(Seed.KMS, "") + insmod(Seed.NVIDIA, "") + insmod(Seed.VIDEO, "")
                + insmod(Seed.NVIDIA_MODESET, "") + insmod(Seed.NVIDIA_DRM, ""), r.out());
        ops.events.clear();
        assertEquals(new Result(0, insmod(Seed.NVIDIA_UVM, ""), ""), run("-v", "nvidia-uvm"));
        assertEquals(List.of("insmod nvidia_uvm"), ops.events);
        assertEquals(new Result(0, "", ""), run("nvidia_uvm"));
        assertEquals(new Result(1, "", "modprobe: ERROR: could not insert 'nvidia_uvm': Module already in kernel\n"),
                run("--first-time", "nvidia_uvm"));
    }

    @Test
    void dryRunLoadsNothingAndPrintsOnlyWithVerbose() throws Exception {
        boot(null, null);
        assertEquals(new Result(0, "", ""), run("-n", "ext4"));
        assertEquals(insmod(Seed.JBD2, "") + insmod(Seed.MBCACHE, "") + insmod(Seed.CRC16, "")
                + insmod(Seed.EXT4, ""), run("-n", "-v", "ext4").out());
        assertEquals(List.of(), ops.events);
    }

    @Test
    void optionsComeFromModprobeDThenTheCommandLineThenTheArguments() throws Exception {
        boot("igb.debug=3 igb.max_vfs=2", "options igb max_vfs=7 RSS=1\n");
        assertEquals(insmod(Seed.IGB, "max_vfs=7 RSS=1 debug=3 max_vfs=2 max_vfs=4 foo=\"a b\""),
                run("--show-depends", "igb", "max_vfs=4", "foo=a b").out());
        assertEquals(0, run("igb", "max_vfs=4", "foo=a b").status());
        assertEquals(List.of("insmod igb max_vfs=7 RSS=1 debug=3 max_vfs=2 max_vfs=4 foo=a b"), ops.events);
        // options given by alias apply to what the alias finds; without options the line keeps kmod's trailing blank
        assertEquals(insmod(Seed.EXT4, ""), run("--show-depends", "fs-ext4").out().lines()
                .reduce((a, b) -> b).orElseThrow() + "\n");
    }

    @Test
    void blacklistAppliesToAliasesAndToNamesWithUseBlacklist() throws Exception {
        boot("modprobe.blacklist=nvidia_drm", "blacklist igb\n");
        String pci = "pci:v00008086d00001533sv00008086sd00000001bc02sc00i00";
        assertEquals(new Result(0, "", ""), run("-v", pci));
        assertEquals(new Result(0, "", ""), run("-v", "-b", "igb"));
        assertEquals(List.of(), ops.events);
        assertEquals(new Result(0, insmod(Seed.IGB, ""), ""), run("-v", "igb"));
        assertEquals(List.of("insmod igb"), ops.events);
        // found by alias: nvidia is loaded, the blacklisted nvidia_drm is skipped
        ops.events.clear();
        assertEquals(0, run("pci:v000010DEd00001234sv00001028sd00000001bc03sc00i00").status());
        assertEquals(List.of("insmod nvidia"), ops.events);
    }

    @Test
    void softdepsLoadAroundTheModule() throws Exception {
        boot(null, "softdep ext4 pre: crc32c-generic post: igb\n");
        // as libkmod: hard dependencies, then the pre softdeps, the module, the post softdeps
        assertEquals(insmod(Seed.JBD2, "") + insmod(Seed.MBCACHE, "") + insmod(Seed.CRC16, "")
                + insmod(Seed.CRC32C, "") + insmod(Seed.EXT4, "") + insmod(Seed.IGB, ""),
                run("--show-depends", "ext4").out());
        // a failing softdep does not fail the load
        ops.failures.put("igb", Errno.ENODEV);
        assertEquals(0, run("ext4").status());
        assertEquals(List.of("insmod jbd2", "insmod mbcache", "insmod crc16", "insmod crc32c_generic", "insmod ext4"),
                ops.events);
    }

    @Test
    void installAndRemoveCommandsRunInsteadOfLoading() throws Exception {
        boot(null, "install igb /sbin/setup-igb --opts $CMDLINE_OPTS\nremove igb /sbin/teardown-igb\n"
                + "options igb a=1\ninstall fakedev /bin/fake\n");
        assertEquals("install /sbin/setup-igb --opts $CMDLINE_OPTS a=1 b=2\n", run("-D", "igb", "b=2").out());
        assertEquals(0, run("igb", "b=2").status());
        assertEquals(List.of("run /sbin/setup-igb --opts a=1 b=2"), ops.events);
        assertEquals(0, run("-i", "igb").status());
        assertEquals("insmod igb a=1", ops.events.get(1));
        assertEquals(new Result(0, "remove /sbin/teardown-igb\n", ""), run("-r", "-v", "igb"));
        assertEquals("run /sbin/teardown-igb", ops.events.get(2));
        // a command-only name resolves; its failure is reported as kmod reports it
        ops.commandStatus.put("/bin/fake", 3);
        assertEquals(new Result(1, "", "modprobe: ERROR: Error running install command '/bin/fake' for module fakedev:"
                + " retcode 3\nmodprobe: ERROR: could not insert 'fakedev': Invalid argument\n"), run("fakedev"));
    }

    @Test
    void removeTakesTheModuleAndEveryDependencyNothingElseUses() throws Exception {
        boot(null, null);
        assertEquals(0, run("nvidia_drm").status());
        assertEquals(0, run("nvidia_uvm").status());
        ops.events.clear();
        Result r = run("-r", "-v", "nvidia_drm");
        assertEquals(new Result(0, "rmmod nvidia_drm\nrmmod nvidia_modeset\nrmmod video\nrmmod drm_kms_helper\nrmmod drm\n",
                ""), r);
        // nvidia stays: nvidia_uvm uses it
        assertTrue(ops.loaded.contains("nvidia"));
        assertEquals(new Result(1, "", "modprobe: FATAL: Module nvidia is in use.\n"), run("-r", "nvidia"));
        assertEquals(0, run("-r", "nvidia_uvm").status());
        assertEquals(List.of(), new ArrayList<>(ops.loaded));
        // not loaded: nothing to do, unless --first-time
        assertEquals(new Result(0, "", ""), run("-r", "ext4"));
        assertEquals(new Result(1, "", "modprobe: FATAL: Module ext4 is not in kernel.\n"), run("-r", "--first-time", "ext4"));
        assertEquals(new Result(1, "", "modprobe: FATAL: Module unix is builtin.\n"), run("-r", "unix"));
        assertEquals(new Result(1, "", "modprobe: FATAL: Module nosuch not found.\n"), run("-r", "nosuch"));
    }

    @Test
    void removeRefusesAModuleWithReferences() throws Exception {
        boot(null, null);
        run("ext4");
        ops.extraRefs.put("ext4", 1);
        assertEquals(new Result(1, "", "modprobe: FATAL: Module ext4 is in use.\n"), run("-r", "ext4"));
        assertTrue(ops.loaded.contains("ext4"));
    }

    @Test
    void aFailedLoadStopsAndReportsTheErrno() throws Exception {
        boot(null, null);
        ops.failures.put("raid6_pq", Errno.ENOMEM);
        assertEquals(new Result(1, "", "modprobe: ERROR: could not insert 'btrfs': Cannot allocate memory\n"),
                run("btrfs"));
        assertEquals(List.of("insmod libcrc32c"), ops.events);
        ops.failures.put("raid6_pq", Errno.ENOENT);
        assertEquals("modprobe: ERROR: could not insert 'btrfs': Unknown symbol in module, or unknown parameter"
                + " (see dmesg)\n", run("btrfs").err());
    }

    @Test
    void theKernelsModuleBlacklistRefusesTheLoad() throws Exception {
        boot("module_blacklist=igb", null);
        assertEquals(new Result(1, "", "modprobe: ERROR: could not insert 'igb': Operation not permitted\n"), run("igb"));
    }

    @Test
    void requestModuleLoadsByNameOrAliasAndThrowsOnFailure() throws Exception {
        boot(null, null);
        modprobe.requestModule("fs-btrfs");
        assertTrue(ops.loaded.contains("btrfs"));
        ModuleException e = assertThrows(ModuleException.class, () -> modprobe.requestModule("fs-nosuch"));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void kernelArgsSplitAsTheKernelParsesThem() {
        assertEquals(List.of("a=1", "b=x y", "c", "d=e f", "g=h"),
                Modprobe.kernelArgs("a=1  b=\"x y\" c \"d=e f\" g=h "));
        assertEquals(List.of(), Modprobe.kernelArgs(null));
    }

    /** Many threads load modules that share dependencies: every module is inserted exactly once. */
    @Test
    void concurrentLoadsInsertEachModuleOnce() throws Exception {
        boot(null, null);
        ops.sleepMillis = 15;
        String[] targets = {"nvidia_drm", "nvidia_uvm", "nvidia-modeset", "drm_kms_helper", "btrfs", "ext4",
            "pci:v000010DEd00001234sv00001028sd00000001bc03sc00i00"};
        int threads = 24;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Result>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String target = targets[t % targets.length];
                results.add(pool.submit(() -> {
                    start.await();
                    return run(target);
                }));
            }
            start.countDown();
            for (Future<Result> f : results) {
                assertEquals(new Result(0, "", ""), f.get());
            }
        } finally {
            pool.shutdown();
        }
        for (String m : List.of("drm", "drm_kms_helper", "nvidia", "video", "nvidia_modeset", "nvidia_drm", "nvidia_uvm",
                "libcrc32c", "raid6_pq", "zlib_deflate", "zstd_compress", "btrfs", "jbd2", "mbcache", "crc16", "ext4")) {
            assertEquals(1, ops.insmodCount(m), m);
        }
        assertTrue(ops.maxConcurrentLoads.get() > 1, "loads of different modules ran in parallel");
    }

    @Test
    void concurrentCallersShareAFailure() throws Exception {
        boot(null, null);
        ops.sleepMillis = 30;
        ops.failures.put("jbd2", Errno.EIO);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return run("ext4").status();
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(1, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(ops.insmodCount("jbd2") < 8, "waiters took the result of the load in flight");
        assertEquals(0, ops.insmodCount("ext4"));
    }
}
