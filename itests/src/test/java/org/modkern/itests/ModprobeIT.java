package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** modprobe on the distribution's catalog: dependencies in order, aliases, removal, concurrency. */
@RunWith(PaxExam.class)
public class ModprobeIT extends KernelTestSupport {

    private String lsmodNames() {
        StringBuilder sb = new StringBuilder();
        for (String line : sh("lsmod").out().split("\n")) {
            if (!line.startsWith("Module ")) {
                sb.append(line.split(" +")[0]).append(' ');
            }
        }
        return sb.toString().trim();
    }

    @Test
    public void showDependsPrintsTheSeedsBtrfsChainInLoadOrder() {
        String dir = modulesDir().toString();
        assertEquals("insmod " + dir + "/kernel/lib/libcrc32c.jar \n"
                + "insmod " + dir + "/kernel/lib/raid6_pq.jar \n"
                + "insmod " + dir + "/kernel/lib/zlib_deflate.jar \n"
                + "insmod " + dir + "/kernel/lib/zstd_compress.jar \n"
                + "insmod " + dir + "/kernel/fs/btrfs.jar \n", sh("modprobe --show-depends btrfs").ok().out());
        assertEquals("Module                  Size  Used by\n", sh("lsmod").out());
    }

    @Test
    public void theSeedsDrmAndNvidiaGraphLoadsWithItsUsers() {
        sh("modprobe nvidia_uvm").ok();
        sh("modprobe nvidia_drm").ok();
        String lsmod = sh("lsmod").out();
        assertEquals("nvidia_drm nvidia_modeset video drm_kms_helper drm nvidia_uvm nvidia", lsmodNames());
        assertTrue(lsmod, lsmod.matches("(?s).*\nnvidia_modeset +\\d+  1 nvidia_drm\n.*"));
        assertTrue(lsmod, lsmod.matches("(?s).*\ndrm +\\d+  2 drm_kms_helper,nvidia_drm\n.*"));
        assertTrue(lsmod, lsmod.matches("(?s).*\nnvidia +\\d+  2 nvidia_modeset,nvidia_uvm\n.*"));
        assertTrue(lsmod, lsmod.matches("(?s).*\nvideo +\\d+  1 nvidia_modeset\n.*"));
        sh("modprobe -r nvidia_drm").ok();
        assertEquals("nvidia_uvm nvidia", lsmodNames());
    }

    @Test
    public void modprobeLoadsTheChainAndRemoveTakesItAway() {
        sh("modprobe btrfs").ok();
        assertEquals("btrfs zstd_compress zlib_deflate raid6_pq libcrc32c", lsmodNames());
        assertTrue(sh("lsmod").out().contains("\nlibcrc32c               "));
        assertTrue(sh("lsmod").out(), sh("lsmod").out().matches("(?s).*\nlibcrc32c +\\d+  1 btrfs\n.*"));
        Run busy = sh("rmmod libcrc32c");
        assertEquals("rmmod: ERROR: Module libcrc32c is in use by: btrfs\n", busy.err());
        sh("modprobe -r btrfs").ok();
        assertEquals("", lsmodNames());
    }

    @Test
    public void removeKeepsADependencyThatIsStillUsed() throws Exception {
        Path user = Fixtures.module("crcuser").header("Module-License", "GPL")
                .header("Import-Package", "org.modkern.lib.crc32c").writeTo(root().resolve("fixtures"));
        sh("modprobe btrfs").ok();
        sh("insmod " + user).ok();
        sh("modprobe -r btrfs").ok();
        assertEquals("crcuser libcrc32c", lsmodNames());
    }

    @Test
    public void aliasesResolveLikeKmod() {
        assertEquals("ext4\n", sh("modprobe -R fs-ext3").ok().out());
        assertEquals("btrfs\n", sh("modprobe --resolve-alias char-major-10-234").ok().out());
        // kmod's modinfo takes an alias too
        assertEquals("ext4\n", sh("modinfo -F name fs-ext3").ok().out());
        sh("modprobe fs-ext4").ok();
        assertEquals("ext4 crc16 mbcache jbd2", lsmodNames());
        Run missing = sh("modprobe nosuchmodule");
        assertEquals(1, missing.status());
        assertEquals("modprobe: FATAL: Module nosuchmodule not found in directory " + modulesDir() + "\n", missing.err());
    }

    @Test
    public void dashesAndUnderscoresAreTheSame() {
        sh("modprobe zstd-compress").ok();
        assertEquals("zstd_compress", lsmodNames());
        sh("modprobe -r zstd-compress").ok();
        assertEquals("", lsmodNames());
    }

    @Test
    public void manyThreadsModprobingSharedDependenciesLoadEachOnce() throws Exception {
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String target = i % 3 == 0 ? "btrfs" : i % 3 == 1 ? "raid6_pq" : "fs-btrfs";
            runs.add(pool.submit(() -> {
                go.await();
                return sh("modprobe " + target);
            }));
        }
        go.countDown();
        for (Future<Run> f : runs) {
            f.get().ok();
        }
        pool.shutdown();
        String log = sh("dmesg").out();
        assertEquals(log, log.indexOf("raid6: using algorithm"), log.lastIndexOf("raid6: using algorithm"));
        assertEquals(log, log.indexOf("Btrfs loaded"), log.lastIndexOf("Btrfs loaded"));
        assertEquals("btrfs zstd_compress zlib_deflate raid6_pq libcrc32c".length(), lsmodNames().length());
    }

    @Test
    public void kernelCodeRequestsAModuleByAlias() throws Exception {
        Path jar = Fixtures.initModule("requester", "Requester").writeTo(root().resolve("fixtures"));
        sh("insmod " + jar).ok();
        String log = sh("dmesg").out();
        assertTrue(log, log.contains("requester: request_module(fs-ext4) = 0"));
        assertTrue(log, log.contains("requester: request_module(fs-nosuchfs) = -2"));
        // ext4 went on the module list while requester was still coming, so it is listed first
        assertEquals("ext4 crc16 mbcache jbd2 requester", lsmodNames());
    }

    @Test
    public void depmodRebuildsTheIndexesTheKernelReads() throws Exception {
        Fixtures.module("late").header("Module-License", "GPL").header("Module-Alias", "late-alias")
                .writeTo(modulesDir().resolve("kernel/extra"));
        assertEquals(1, sh("modprobe late-alias").status());
        sh("depmod").ok();
        sh("modprobe late-alias").ok();
        assertEquals("late", lsmodNames());
        assertTrue(sh("depmod -n").ok().out().contains("kernel/extra/late.jar:"));
    }
}
