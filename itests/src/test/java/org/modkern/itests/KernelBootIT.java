package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The kernel bundle starts in Felix and answers the basic commands. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelBootIT extends KernelTestSupport {

    @Override
    protected String cmdline() {
        return "quiet loglevel=4";
    }

    @Test
    public void kernelBundleIsActive() {
        assertEquals(Bundle.ACTIVE, bundleNamed("org.modkern.core").getState());
        assertEquals(Bundle.ACTIVE, bundleNamed("org.modkern.api").getState());
    }

    @Test
    public void unameAndProcFilesDescribeTheKernel() {
        assertEquals(RELEASE + "\n", sh("uname -r").ok().out());
        assertEquals("quiet loglevel=4\n", sh("cat /proc/cmdline").ok().out());
        assertEquals(RELEASE + "\n", sh("cat /proc/sys/kernel/osrelease").ok().out());
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").ok().out());
        assertEquals("kernel.tainted = 0\n", sh("sysctl kernel.tainted").ok().out());
        // sysctl -a walks /proc/sys: every variable, named as sysctl names them, sorted
        String all = sh("sysctl -a").ok().out();
        assertTrue(all, all.startsWith("kernel.modules_disabled = 0\nkernel.osrelease = " + RELEASE + "\n"));
        assertTrue(all, all.contains("\nkernel.tainted = 0\n"));
        assertTrue(sh("sysctl -h").ok().out().startsWith("Usage:\n sysctl [options]"));
        assertEquals(1, sh("sysctl -x").status());
    }

    @Test
    public void lsmodOfAnEmptyKernelIsItsHeader() {
        assertEquals("Module                  Size  Used by\n", sh("lsmod").ok().out());
        assertEquals("", sh("cat /proc/modules").ok().out());
    }

    @Test
    public void dmesgStartsWithTheBootBanner() {
        String log = sh("dmesg").ok().out();
        assertTrue(log, log.matches("(?s)\\[ +\\d+\\.\\d{6}\\] modkern version " + java.util.regex.Pattern.quote(RELEASE) + " .*"));
        assertTrue(log, log.contains("] Command line: quiet loglevel=4\n"));
        assertTrue(sh("dmesg -l err").ok().out().isEmpty());
    }

    @Test
    public void unknownFilesReadLikeLinux() {
        Run r = sh("cat /proc/nonexistent");
        assertEquals(1, r.status());
        assertEquals("cat: /proc/nonexistent: No such file or directory\n", r.err());
        Run s = sh("sysctl kernel.nonexistent");
        assertEquals(1, s.status());
        assertEquals("sysctl: cannot stat /proc/sys/kernel/nonexistent: No such file or directory\n", s.err());
    }
}
