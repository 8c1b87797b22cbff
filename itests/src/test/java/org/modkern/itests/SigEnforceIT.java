package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** {@code module.sig_enforce=1}: unsigned modules are refused and leave no trace; signed ones load. */
@RunWith(PaxExam.class)
public class SigEnforceIT extends KernelTestSupport {

    @Override
    protected String cmdline() {
        return "quiet module.sig_enforce=1";
    }

    @Test
    public void unsignedIsRefusedWithoutATrace() throws Exception {
        assertInsmodRefused(ModuleSigningIT.unsigned(root().resolve("fixtures"), "plain"), "plain", "Key was rejected by service");
        assertTrue(dmesgText().endsWith("\nLoading of unsigned module is rejected\n"));
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
        // insmod -f changes the module: no longer the one signed
        assertInsmodRefused(exampleJar("oldabi"), "oldabi", "Key was rejected by service", "-f");
    }

    @Test
    public void signedLoadsAndTheSwitchStaysOn() {
        sh("insmod " + helloJar()).ok();
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
        assertEquals("Y\n", sh("cat /sys/module/module/parameters/sig_enforce").out());
        Run off = sh("echo N | tee /sys/module/module/parameters/sig_enforce");
        assertEquals(1, off.status());
        assertEquals("tee: /sys/module/module/parameters/sig_enforce: Read-only file system\n", off.err());
        assertEquals("Y\n", sh("cat /sys/module/module/parameters/sig_enforce").out());
    }
}
