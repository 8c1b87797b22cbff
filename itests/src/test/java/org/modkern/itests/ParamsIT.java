package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** Module parameters: typed, validated at load, readable and writable in sysfs by permission. */
@RunWith(PaxExam.class)
public class ParamsIT extends KernelTestSupport {

    private Path typed() throws Exception {
        return Fixtures.initModule("typed", "TypedParams")
                .header("Module-Param", "debug;type=bool;perm=0644;desc=\"Verbose\",ifname;type=charp;perm=0644,"
                        + "ids;type=\"array of int\";perm=0644,big;type=ulong;perm=0644,ro;type=int;perm=0444,"
                        + "mask;type=uint;perm=0")
                .writeTo(root().resolve("fixtures"));
    }

    @Test
    public void aBadValueIsRefusedWithInvalidParameters() {
        Run r = sh("insmod " + helloJar() + " my_param=abc");
        assertEquals(1, r.status());
        assertEquals("insmod: ERROR: could not insert module " + helloJar() + ": Invalid parameters\n", r.err());
        assertTrue(sh("dmesg -l err").out().contains("] hello: `abc' invalid for parameter `my_param'\n"));
        assertEquals("Module                  Size  Used by\n", sh("lsmod").out());
        assertTrue(sh("dmesg").out(), !sh("dmesg").out().contains("Hello module: Loading"));
    }

    @Test
    public void aValueOutOfRangeIsRefused() {
        Run r = sh("insmod " + helloJar() + " my_param=99999999999");
        assertEquals("insmod: ERROR: could not insert module " + helloJar() + ": Numerical result out of range\n", r.err());
    }

    @Test
    public void anUnknownParameterIsIgnoredWithAWarning() {
        sh("insmod " + helloJar() + " nosuch=1 my_param=0x10").ok();
        assertTrue(sh("dmesg -l warn").out().contains("] hello: unknown parameter 'nosuch' ignored\n"));
        assertEquals("16\n", sh("cat /sys/module/hello/parameters/my_param").out());
    }

    @Test
    public void typedParametersParseAsLinuxDoes() throws Exception {
        sh("insmod " + typed() + " debug ifname=wlan0 ids=3,4,5 big=18446744073709551615").ok();
        assertTrue(sh("dmesg").out().contains("typed: debug=true ifname=wlan0 ids=[3, 4, 5] big=-1 ro=5 mask=255"));
        assertEquals("Y\n", sh("cat /sys/module/typed/parameters/debug").out());
        assertEquals("wlan0\n", sh("cat /sys/module/typed/parameters/ifname").out());
        assertEquals("3,4,5\n", sh("cat /sys/module/typed/parameters/ids").out());
        assertEquals("18446744073709551615\n", sh("cat /sys/module/typed/parameters/big").out());
        sh("echo n | tee /sys/module/typed/parameters/debug").ok();
        assertEquals("N\n", sh("cat /sys/module/typed/parameters/debug").out());
    }

    @Test
    public void permissionsGovernSysfs() throws Exception {
        sh("insmod " + typed()).ok();
        assertEquals("5\n", sh("cat /sys/module/typed/parameters/ro").out());
        Run ro = sh("echo 6 | tee /sys/module/typed/parameters/ro");
        assertEquals(1, ro.status());
        assertEquals("/sys/module/typed/parameters/ro: Permission denied\n", ro.err());
        assertEquals("5\n", sh("cat /sys/module/typed/parameters/ro").out());
        // perm 0 has no sysfs file at all
        assertEquals(1, sh("cat /sys/module/typed/parameters/mask").status());
        assertEquals("big\ndebug\nids\nifname\nro\n", sh("ls /sys/module/typed/parameters").out());
        Run bad = sh("echo x | tee /sys/module/typed/parameters/ids");
        assertEquals(1, bad.status());
        assertEquals("echo: write error: Invalid argument\n", bad.err().replace("tee: /sys/module/typed/parameters/ids", "echo: write error"));
        assertEquals("1,2\n", sh("cat /sys/module/typed/parameters/ids").out());
    }

    @Test
    public void headerNamesAreReadInAnyCase() throws Exception {
        // a manifest written by hand: header names are case-insensitive in any jar and to the framework
        Path jar = Fixtures.module("lowercase").header("module-license", "GPL")
                .header("module-init", "org.modkern.itests.fixtures.TypedParams")
                .header("import-package", "org.modkern.api;version=\"[1.0,2)\",org.osgi.framework")
                .header("MODULE-PARAM", "debug;type=bool;perm=0644")
                .withClass("org.modkern.itests.fixtures.TypedParams").writeTo(root().resolve("fixtures"));
        sh("insmod " + jar + " debug").ok();
        assertEquals("Y\n", sh("cat /sys/module/lowercase/parameters/debug").out());
        // GPL read from "module-license" (else P); out of tree and unsigned, as any test fixture
        assertEquals("OE\n", sh("cat /sys/module/lowercase/taint").out());
        sh("rmmod lowercase").ok();
    }

    @Test
    public void modinfoListsTypedParameters() throws Exception {
        String out = sh("modinfo " + typed()).ok().out();
        assertTrue(out, out.contains("parm:           debug:Verbose (bool)\n"));
        assertTrue(out, out.contains("parm:           ids:array of int\n"));
    }
}
