package org.modkern.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bin/modkern as a user runs it: -c, standard input, --root, --cmdline, exit statuses, completion, shutdown. */
class ShellIT {

    private static final Path DIST = KernelTestSupport.DIST.toAbsolutePath().normalize();
    private static final String RELEASE = KernelTestSupport.RELEASE;

    private Path root;

    record Proc(int status, String out, String err) {
    }

    @BeforeEach
    void freshRoot() throws IOException {
        root = Roots.fresh(DIST);
    }

    private Proc modkern(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/modkern").toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("modkern did not exit: " + cmd);
        }
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Proc depmod(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/depmod").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("depmod did not exit: " + cmd);
        }
        return new Proc(p.exitValue(), out, err);
    }

    @Test
    void depmodIndexesARootWithoutBootingIt() throws Exception {
        Path dir = root.resolve("lib/modules").resolve(RELEASE);
        Files.delete(dir.resolve("modules.dep"));
        Files.delete(dir.resolve("modules.alias"));
        Proc r = depmod("-b", root.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(dir.resolve("modules.dep")).contains("kernel/fs/btrfs.jar: kernel/lib/zstd_compress.jar "
                + "kernel/lib/zlib_deflate.jar kernel/lib/raid6_pq.jar kernel/lib/libcrc32c.jar\n"));
        assertTrue(Files.readString(dir.resolve("modules.alias")).contains("alias fs-btrfs btrfs\n"));

        Proc shown = depmod("-n", "-b", root.toString(), RELEASE);
        assertEquals(0, shown.status(), shown.err());
        assertTrue(shown.out().startsWith("kernel/drivers/drm.jar:\n"), shown.out());

        Proc bad = depmod("-b", root.toString(), "foo");
        assertEquals(1, bad.status());
        assertEquals("depmod: ERROR: Bad version passed foo\n", bad.err());
    }

    private String hello() {
        return root.resolve("lib/modules").resolve(RELEASE).resolve("kernel/examples/hello.jar").toString();
    }

    @Test
    void commandModeRunsStatementsAndExitsWithTheLastStatus() throws Exception {
        Proc ok = modkern("", "-c", "uname -r; lsmod");
        assertEquals(0, ok.status(), ok.err());
        assertEquals(RELEASE + "\nModule                  Size  Used by\n", ok.out());

        Proc failedFirst = modkern("", "-c", "rmmod nothere; uname -r");
        assertEquals(0, failedFirst.status());
        assertEquals("rmmod: ERROR: Module nothere is not currently loaded\n", failedFirst.err());

        Proc failedLast = modkern("", "-c", "uname -r; rmmod nothere");
        assertEquals(1, failedLast.status());
        Proc unknown = modkern("", "-c", "frobnicate");
        assertEquals(127, unknown.status());
        assertEquals("modkern: frobnicate: command not found\n", unknown.err());
    }

    @Test
    void echoIntoSysfsChangesAParameter() throws Exception {
        Proc p = modkern("", "-c", "insmod " + hello() + " my_param=3; cat /sys/module/hello/parameters/my_param; "
                + "echo 11 > /sys/module/hello/parameters/my_param; cat /sys/module/hello/parameters/my_param; "
                + "lsmod | grep hello | wc -l; grep -c Live /proc/modules");
        assertEquals(0, p.status(), p.err());
        assertEquals("3\n11\n1\n1\n", p.out());
    }

    @Test
    void standardInputRunsLineByLine() throws Exception {
        Proc p = modkern("insmod " + hello() + "\ncat /proc/modules | wc -l\n# a comment\nrmmod hello\nlsmod\n");
        assertEquals(0, p.status(), p.err());
        assertEquals("1\nModule                  Size  Used by\n", p.out());
    }

    @Test
    void sigEnforceOnTheCommandLineRefusesUnsignedModules() throws Exception {
        Path jar = Fixtures.module("plain").header("Module-License", "GPL").writeTo(root.resolve("fixtures"));
        Proc refused = modkern("", "--cmdline", "module.sig_enforce=1", "-c", "insmod " + jar);
        assertEquals(1, refused.status());
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Key was rejected by service\n", refused.err());
        Proc signed = modkern("", "--cmdline", "module.sig_enforce=1", "-c",
                "insmod " + hello() + "; cat /sys/module/module/parameters/sig_enforce; cat /proc/sys/kernel/tainted");
        assertEquals(0, signed.status(), signed.err());
        assertEquals("Y\n0\n", signed.out());
    }

    @Test
    void modsignWithAKeyInEtcKeysPassesLockdown() throws Exception {
        TestKeys.make(root.resolve("keys"), "mine", "My module key");
        Files.copy(root.resolve("keys/mine.x509"), root.resolve("etc/keys/mine.x509"));
        Path jar = ModuleSigningIT.unsigned(root.resolve("fixtures"), "mine");
        Proc p = modkern("", "--cmdline", "lockdown=integrity", "-c", "modsign sha256 " + root.resolve("keys/mine.pem")
                + " " + root.resolve("keys/mine.x509") + " " + jar + "; insmod " + jar
                + "; cat /proc/sys/kernel/tainted; modinfo -F signer " + jar);
        assertEquals(0, p.status(), p.err());
        assertEquals("0\nMy module key\n", p.out());
    }

    @Test
    void cmdlineAndRootReachTheKernel() throws Exception {
        Proc p = modkern("", "--cmdline", "quiet hello.my_param=5", "-c", "cat /proc/cmdline");
        assertEquals("quiet hello.my_param=5\n", p.out());
        assertTrue(Files.isDirectory(root.resolve("var/cache/felix")));
        Proc bad = modkern("", "--bogus");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("modkern: unknown option '--bogus'\nusage: modkern"), bad.err());
        Path typo = root.resolve("no-such-root");
        Proc missing = modkern("", "--root", typo.toString(), "-c", "lsmod");
        assertEquals(1, missing.status());
        assertEquals("modkern: cannot use root " + typo + ": No such file or directory\n", missing.err());
        assertTrue(Files.notExists(typo));
    }

    @Test
    void argumentsNoCommandTakesAreAShortErrorNotGogosSignature() throws Exception {
        Proc p = modkern("", "-c", "lsmod --help");
        assertEquals(1, p.status());
        assertEquals("lsmod: invalid option or argument\nTry 'help lsmod' for more information.\n", p.err());
        Proc help = modkern("", "-c", "help; help lsmod");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("\nkmod:lsmod\n") && !help.out().contains("_kernfs_write"), help.out());
        assertTrue(help.out().contains("lsmod - show the status of modules in the kernel"), help.out());
    }

    @Test
    void nothingRunsAfterShutdown() throws Exception {
        Proc c = modkern("", "-c", "uname -r; shutdown; uname -r");
        assertEquals(0, c.status(), c.err());
        assertEquals(RELEASE + "\n", c.out());
        assertEquals("", c.err());
        Proc in = modkern("shutdown\nuname -r\n");
        assertEquals(0, in.status(), in.err());
        assertEquals("", in.out() + in.err());
    }

    @Test
    void theInteractiveShellCompletesCommandsAndModuleNames() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
        String keys = "insmod " + hello() + "\n" + "unam\t -r\n" + "rmm\thel\t\n" + "modprobe -R fs-bt\t\n" + "lsmod\n";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec",
                DIST.resolve("bin/modkern") + " --root " + root, "/dev/null");
        pb.environment().put("TERM", "xterm");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            // type slowly enough for the line reader, then Ctrl-D
            for (String line : keys.split("(?<=\n)")) {
                Thread.sleep(1500);
                in.write(line.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            Thread.sleep(1500);
            in.write(4);
            in.flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001b\\[[?0-9;]*[a-zA-Z=>]|\u001b[=>]|\r", "");
        assertTrue(screen.contains("modkern# uname  -r\n" + RELEASE + "\n"), screen);
        assertTrue(screen.contains("modkern# rmmod hello"), screen);
        assertTrue(screen.matches("(?s).*modkern# modprobe -R fs-btrfs *\nbtrfs\n.*"), screen);
        assertTrue(screen.contains("modkern# lsmod\nModule                  Size  Used by\nmodkern# "), screen);
        assertEquals(0, p.exitValue(), screen);
        assertTrue(Files.readString(root.resolve("var/lib/modkern/history")).contains("lsmod"));
    }

    @Test
    void sigtermUnloadsEveryModule() throws Exception {
        Path a = Fixtures.initModule("alpha", "Tracer").writeTo(root.resolve("fixtures"));
        Path b = Fixtures.initModule("beta", "Tracer").writeTo(root.resolve("fixtures"));
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/modkern").toString(), "--root", root.toString());
        pb.redirectErrorStream(true).redirectOutput(root.resolve("out.txt").toFile());
        Process p = pb.start();
        var in = p.getOutputStream();
        in.write(("insmod " + a + "\ninsmod " + b + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        Path log = root.resolve("var/log/kern.log");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(Files.exists(log) && Files.readString(log).contains("trace: beta init"))) {
            assertTrue(System.currentTimeMillis() < deadline, "modules did not load");
            Thread.sleep(100);
        }
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String text = Files.readString(log);
        int betaExit = text.indexOf("trace: beta exit");
        assertTrue(betaExit > 0 && betaExit < text.indexOf("trace: alpha exit"), text);
        in.close();
    }

    @Test
    void shutdownRunsEveryExitInReverseLoadOrder() throws Exception {
        Path dir = root.resolve("fixtures");
        Path a = Fixtures.initModule("alpha", "Tracer").writeTo(dir);
        Path b = Fixtures.initModule("beta", "Tracer").writeTo(dir);
        Path c = Fixtures.initModule("gamma", "Tracer").writeTo(dir);
        Proc p = modkern("", "-c", "insmod " + a + "; insmod " + b + "; insmod " + c + "; rmmod beta");
        assertEquals(0, p.status(), p.err());
        String log = Files.readString(root.resolve("var/log/kern.log"));
        int alphaInit = log.indexOf("trace: alpha init");
        int betaExit = log.indexOf("trace: beta exit");
        int gammaExit = log.indexOf("trace: gamma exit");
        int alphaExit = log.indexOf("trace: alpha exit");
        assertTrue(alphaInit >= 0 && alphaInit < betaExit && betaExit < gammaExit && gammaExit < alphaExit, log);
    }
}
