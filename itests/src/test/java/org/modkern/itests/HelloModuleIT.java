package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

/** The seed's hello module: load with a parameter, read and change it, unload. */
@RunWith(PaxExam.class)
public class HelloModuleIT extends KernelTestSupport {

    @Test
    public void loadsWithParameterChangesItAndUnloads() {
        String jar = helloJar().toString();
        sh("insmod " + jar + " my_param=7").ok();
        assertTrue(sh("dmesg").out().contains("] Hello module: Loading with param=7\n"));
        assertTrue(sh("lsmod").out().matches("(?s)Module                  Size  Used by\nhello +\\d+  0\n"));
        assertEquals(Bundle.ACTIVE, bundleNamed("hello").getState());
        assertEquals("7\n", sh("cat /sys/module/hello/parameters/my_param").ok().out());
        assertEquals("live\n", sh("cat /sys/module/hello/initstate").ok().out());

        sh("echo 9 | tee /sys/module/hello/parameters/my_param").ok();
        assertEquals("9\n", sh("cat /sys/module/hello/parameters/my_param").ok().out());

        sh("rmmod hello").ok();
        String log = sh("dmesg").out();
        assertTrue(log, log.indexOf("Hello module: Loading with param=7") < log.indexOf("Hello module: Unloading"));
        assertEquals("Module                  Size  Used by\n", sh("lsmod").out());
        assertNull(bundleNamed("hello"));
        Run gone = sh("cat /sys/module/hello/parameters/my_param");
        assertEquals(1, gone.status());
        assertEquals("cat: /sys/module/hello/parameters/my_param: No such file or directory\n", gone.err());
    }

    @Test
    public void procModulesListsTheModule() {
        sh("insmod " + helloJar()).ok();
        assertTrue(sh("cat /proc/modules").out(), sh("cat /proc/modules").out()
                .matches("hello \\d+ 0 - Live 0x[0-9a-f]{16}\n"));
        assertEquals("42\n", sh("cat /sys/module/hello/parameters/my_param").out());
    }

    @Test
    public void modinfoPrintsKmodFields() {
        String out = sh("modinfo hello").ok().out();
        assertTrue(out, out.startsWith("filename:       " + helloJar().toString() + "\n"));
        assertTrue(out, out.contains("\nlicense:        GPL\n"));
        assertTrue(out, out.contains("\nversion:        1.0\n"));
        assertTrue(out, out.contains("\ndescription:    A simple example kernel module\n"));
        assertTrue(out, out.contains("\nname:           hello\n"));
        assertTrue(out, out.contains("\nvermagic:       " + RELEASE + " SMP mod_unload modversions\n"));
        assertTrue(out, out.endsWith("\nparm:           my_param:An example parameter (int)\n"));
        assertEquals("GPL\n", sh("modinfo -F license hello").ok().out());
        assertEquals(helloJar() + "\n", sh("modinfo -n hello").ok().out());
        assertEquals("my_param:An example parameter (int)\n", sh("modinfo hello -p").ok().out());
        Run missing = sh("modinfo nosuchmodule");
        assertEquals(1, missing.status());
        assertEquals("modinfo: ERROR: Module nosuchmodule not found.\n", missing.err());
        // as kmod's modinfo, a name is looked up as modprobe looks it up: aliases too
        String byAlias = sh("modinfo -F filename fs-btrfs").ok().out();
        assertTrue(byAlias, byAlias.endsWith("/kernel/fs/btrfs.jar\n"));
    }

    @Test
    public void modinfoPrintsOnlyTheFieldsAModuleDeclares() throws Exception {
        // a hand-written manifest with the one header a module needs: no version made up
        java.nio.file.Path jar = Fixtures.module("bare").without("Bundle-Version").without("Module-Vermagic")
                .writeTo(root().resolve("fixtures"));
        assertEquals("filename:       " + jar + "\ndepends:        \nname:           bare\n", sh("modinfo " + jar).ok().out());
        assertEquals("", sh("modinfo -F version " + jar).ok().out());
        // nor in sysfs: Linux makes /sys/module/NAME/version only for a MODULE_VERSION
        sh("insmod " + jar).ok();
        assertEquals("holders\ninitstate\nparameters\nrefcnt\ntaint\n", sh("ls /sys/module/bare").out());
        assertEquals(1, sh("cat /sys/module/bare/version").status());
        sh("rmmod bare").ok();
        sh("insmod " + helloJar()).ok();
        assertEquals("1.0\n", sh("cat /sys/module/hello/version").ok().out());
        sh("rmmod hello").ok();
    }

    @Test
    public void aSecondLoadIsRefusedAndRmmodOfNothingFails() {
        sh("insmod " + helloJar()).ok();
        Run again = sh("insmod " + helloJar());
        assertEquals(1, again.status());
        assertEquals("insmod: ERROR: could not insert module " + helloJar() + ": File exists\n", again.err());
        sh("rmmod hello").ok();
        Run none = sh("rmmod hello");
        assertEquals(1, none.status());
        assertEquals("rmmod: ERROR: Module hello is not currently loaded\n", none.err());
        Run nofile = sh("insmod /nonexistent/x.jar");
        assertEquals("insmod: ERROR: could not load module /nonexistent/x.jar: No such file or directory\n", nofile.err());
    }

    @Test
    public void helpPrintsUsageAndAnUnknownOptionFails() {
        for (String tool : List.of("insmod", "rmmod", "modinfo")) {
            Run help = sh(tool + " --help");
            assertEquals(help.err(), 0, help.status());
            assertTrue(help.out(), help.out().startsWith("Usage:\n\t" + tool + " [options] "));
            Run bad = sh(tool + " -x");
            assertEquals(1, bad.status());
            assertEquals(tool + ": ERROR: unrecognized option '-x'\n", bad.err());
        }
        // not "Module _h is not currently loaded": an option is no module name
        assertTrue(sh("rmmod -h").ok().out().startsWith("Usage:"));
        sh("insmod " + helloJar()).ok();
        assertEquals("", sh("rmmod -v hello").ok().out());
        assertEquals("rmmod: ERROR: missing module name.\n", sh("rmmod -s").err());
    }

    @Test
    public void concurrentLoadsOfOneModuleLoadItOnce() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Callable<Run> c = () -> {
                start.await();
                return sh("insmod " + helloJar());
            };
            runs.add(pool.submit(c));
        }
        start.countDown();
        int ok = 0;
        for (Future<Run> f : runs) {
            Run r = f.get();
            if (r.status() == 0) {
                ok++;
            } else {
                assertTrue(r.err(), r.err().endsWith(": File exists\n"));
            }
        }
        pool.shutdown();
        assertEquals(1, ok);
        String log = sh("dmesg").out();
        assertEquals(log, log.indexOf("Loading with param"), log.lastIndexOf("Loading with param"));
    }
}
