package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** etc/modprobe.d, etc/modules-load.d and the kernel command line, as kmod reads them. */
@RunWith(PaxExam.class)
public class ModprobeConfigIT extends KernelTestSupport {

    @Override
    protected void prepare(Path root) throws IOException {
        Files.writeString(root.resolve("etc/modprobe.d/test.conf"), String.join("\n",
                "# a test configuration",
                "options hello my_param=7",
                "blacklist ext4",
                "softdep raid6_pq pre: crc16 post: mbcache",
                "install zlib_deflate echo zlib_deflate is provided by the platform",
                "remove jbd2 echo jbd2 stays \\",
                "  for the journal",
                "alias myfs btrfs",
                ""));
        Files.writeString(root.resolve("etc/modules-load.d/test.conf"), "# loaded at boot\nhello\n");
    }

    @Override
    protected String cmdline() {
        return "quiet hello.my_param=5 modprobe.blacklist=zstd_compress";
    }

    private String lsmod() {
        return sh("lsmod").out();
    }

    @Test
    public void modulesLoadDLoadsAtBootAndTheCommandLineOptionWins() {
        assertTrue(lsmod(), lsmod().contains("\nhello "));
        assertEquals("5\n", sh("cat /sys/module/hello/parameters/my_param").out());
        sh("rmmod hello").ok();
        sh("modprobe hello my_param=9").ok();
        assertEquals("9\n", sh("cat /sys/module/hello/parameters/my_param").out());
    }

    @Test
    public void blacklistAppliesToAliasesNotNames() {
        // as kmod, an alias whose modules are all blacklisted loads nothing
        sh("modprobe fs-ext4");
        assertFalse(lsmod().contains("ext4"));
        // kmod's -b skips a blacklisted module quietly: nothing loads, nothing fails
        sh("modprobe -b ext4");
        assertFalse(lsmod().contains("ext4"));
        sh("modprobe ext4").ok();
        assertTrue(lsmod().contains("\next4 "));
    }

    @Test
    public void softdepsLoadAroundTheModule() {
        sh("modprobe raid6_pq").ok();
        String out = lsmod();
        // lsmod lists the newest first: post, module, pre
        assertTrue(out, out.indexOf("mbcache") < out.indexOf("raid6_pq") && out.indexOf("raid6_pq") < out.indexOf("crc16"));
    }

    @Test
    public void installAndRemoveLinesRunInsteadOfLoading() {
        Run install = sh("modprobe zlib_deflate").ok();
        assertEquals("zlib_deflate is provided by the platform\n", install.out());
        assertFalse(lsmod().contains("zlib_deflate"));
        sh("modprobe jbd2").ok();
        Run remove = sh("modprobe -r jbd2").ok();
        assertEquals("jbd2 stays for the journal\n", remove.out());
        assertTrue(lsmod().contains("\njbd2 "));
    }

    @Test
    public void configAliasesAndCommandLineBlacklist() {
        assertEquals("btrfs\n", sh("modprobe -R myfs").ok().out());
        sh("modprobe -b zstd_compress");
        assertFalse(lsmod().contains("zstd_compress"));
        sh("modprobe zstd_compress").ok();
        assertTrue(lsmod().contains("zstd_compress"));
    }
}
