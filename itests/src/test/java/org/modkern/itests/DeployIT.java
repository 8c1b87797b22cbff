package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * deploy/: good jars load, bad ones are reported and skipped, removed ones unload, replaced
 * ones reload. The tests share one root, so each leaves deploy/ as it found it.
 */
@RunWith(PaxExam.class)
public class DeployIT extends KernelTestSupport {

    @Override
    protected void prepare(Path root) throws IOException {
        Path deploy = Files.createDirectories(root.resolve("deploy"));
        Files.copy(root.resolve("lib/modules").resolve(RELEASE).resolve("kernel/examples/hello.jar"), deploy.resolve("hello.jar"));
        Files.writeString(deploy.resolve("junk.jar"), "this is not a jar");
        byte[] jar = Files.readAllBytes(deploy.resolve("hello.jar"));
        Files.write(deploy.resolve("half.jar"), Arrays.copyOf(jar, jar.length / 2));
        Files.createDirectories(deploy.resolve("dir.jar"));
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (long end = System.currentTimeMillis() + 15_000; !condition.getAsBoolean(); Thread.sleep(100)) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what + "\n" + sh("lsmod").out() + dmesgText());
            }
        }
    }

    @Test
    public void aCorruptJarIsReportedAndSkippedWhileGoodOnesLoad() throws Exception {
        await("hello from deploy/", () -> sh("lsmod").out().contains("\nhello "));
        await("the refusals", () -> dmesgText().contains("deploy: could not insert module half.jar"));
        String log = dmesgText();
        assertTrue(log, log.contains("\ndeploy: could not insert module junk.jar: Invalid module format\n"));
        assertTrue(log, log.contains("\ndeploy: could not insert module half.jar: Invalid module format\n"));
        assertFalse(log, log.contains("dir.jar"));
        // reported once, not at every look
        Thread.sleep(2500);
        assertEquals(log.split("junk.jar: Invalid").length, dmesgText().split("junk.jar: Invalid").length);
    }

    @Test
    public void aJarStillBeingCopiedLoadsOnceComplete() throws Exception {
        Path built = Fixtures.module("dropped").header("Module-License", "GPL").writeTo(root().resolve("fixtures"));
        byte[] jar = Files.readAllBytes(built);
        Path target = root().resolve("deploy/dropped.jar");
        Files.write(target, Arrays.copyOf(jar, jar.length / 2));
        Thread.sleep(2500);
        assertFalse(sh("lsmod").out().contains("dropped"));
        Files.write(target, Arrays.copyOfRange(jar, jar.length / 2, jar.length), StandardOpenOption.APPEND);
        await("dropped to load", () -> sh("lsmod").out().contains("\ndropped "));
        assertNoBundleLeftBehind();
        Files.delete(target);
        await("dropped to unload", () -> bundleNamed("dropped") == null);
    }

    @Test
    public void aRemovedJarUnloadsAndAReplacedOneReloads() throws Exception {
        Path deploy = root().resolve("deploy");
        Path v2 = Fixtures.module("swapped").header("Bundle-Version", "2.0.0").writeTo(root().resolve("v2"));
        Path v1 = Fixtures.module("swapped").writeTo(root().resolve("v1"));
        Files.copy(v1, deploy.resolve("swapped.jar"));
        await("swapped 1.0.0", () -> "1.0.0\n".equals(sh("cat /sys/module/swapped/version").out()));
        Path tmp = root().resolve("swapped.jar.part");
        Files.copy(v2, tmp);
        Files.move(tmp, deploy.resolve("swapped.jar"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await("swapped 2.0.0", () -> "2.0.0\n".equals(sh("cat /sys/module/swapped/version").out()));
        Files.delete(deploy.resolve("swapped.jar"));
        await("swapped to unload", () -> !sh("lsmod").out().contains("\nswapped "));
        assertEquals(null, bundleNamed("swapped"));
        assertEquals(1, sh("cat /sys/module/swapped/initstate").status());
        assertNoBundleLeftBehind();
    }

    @Test
    public void aJarRefusedForATakenNameLoadsWhenTheOtherGoes() throws Exception {
        Path deploy = root().resolve("deploy");
        Path first = Fixtures.module("twin").header("Bundle-Version", "1.0.0").writeTo(root().resolve("twin1"));
        Path second = Fixtures.module("twin").header("Bundle-Version", "2.0.0").writeTo(root().resolve("twin2"));
        Files.copy(first, deploy.resolve("twin-a.jar"));
        await("twin 1.0.0", () -> "1.0.0\n".equals(sh("cat /sys/module/twin/version").out()));
        Files.copy(second, deploy.resolve("twin-b.jar"));
        await("the clash", () -> dmesgText().contains("deploy: could not insert module twin-b.jar: File exists"));
        Files.delete(deploy.resolve("twin-a.jar"));
        await("twin 2.0.0", () -> "2.0.0\n".equals(sh("cat /sys/module/twin/version").out()));
        Files.delete(deploy.resolve("twin-b.jar"));
        await("twin to unload", () -> bundleNamed("twin") == null);
        assertNoBundleLeftBehind();
    }

    private void assertNoBundleLeftBehind() {
        long modules = Arrays.stream(ctx.getBundles()).filter(b -> b.getLocation().startsWith("module:")).count();
        assertEquals(sh("lsmod").out().split("\n").length - 1, modules);
    }
}
