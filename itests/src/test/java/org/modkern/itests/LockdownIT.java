package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** {@code lockdown=integrity}: unsigned and forced loads are refused (EPERM); the level only rises. */
@RunWith(PaxExam.class)
public class LockdownIT extends KernelTestSupport {

    private static final String NOTICE = "Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7";

    @Override
    protected String cmdline() {
        return "quiet lockdown=integrity";
    }

    @Test
    public void unsignedAndForcedLoadsAreRefused() throws Exception {
        assertInsmodRefused(ModuleSigningIT.unsigned(root().resolve("fixtures"), "plain"), "plain", "Operation not permitted");
        assertTrue(dmesgText().endsWith("\n" + NOTICE + "\n"));
        assertInsmodRefused(exampleJar("oldabi"), "oldabi", "Operation not permitted", "-f");
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
        sh("insmod " + helloJar()).ok();
    }

    @Test
    public void theLevelReadsLikeLinuxAndOnlyRises() {
        assertTrue(dmesgText().contains("\nKernel is locked down from command line; see man kernel_lockdown.7\n"));
        assertEquals("none [integrity] confidentiality\n", sh("cat /sys/kernel/security/lockdown").out());
        assertEquals(1, sh("echo none | tee /sys/kernel/security/lockdown").status());
        sh("echo confidentiality | tee /sys/kernel/security/lockdown").ok();
        assertEquals("none integrity [confidentiality]\n", sh("cat /sys/kernel/security/lockdown").out());
    }
}
