// Modversions: vermagic and symbol versions refuse a module built for another kernel; -f forces it.
package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * A module whose vermagic or imported symbol versions disagree with the running kernel fails
 * with ENOEXEC (insmod: "Invalid module format") and dmesg names the cause; insmod -f loads it,
 * taints the kernel F, and still cannot supply a missing symbol or lift the GPL-only rule.
 */
@RunWith(PaxExam.class)
public class ModversionsIT extends KernelTestSupport {

    private static final String VERMAGIC = RELEASE + " SMP mod_unload modversions";

    @Test
    public void aModuleBuiltForAnotherKernelIsRefusedThenForced() {
        Path jar = exampleJar("oldabi");
        Run r = sh("insmod " + jar);
        assertEquals(1, r.status());
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Invalid module format\n", r.err());
        assertTrue(dmesgText().endsWith("\noldabi: version magic '0.0.9-modkern SMP mod_unload modversions' should be '"
                + VERMAGIC + "'\n"));
        assertNull(bundleNamed("oldabi"));
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());

        // forced, it is no longer the module that was signed: it taints E too, as on Linux
        sh("insmod -f " + jar).ok();
        assertTrue(dmesgText(), dmesgText().endsWith("\noldabi: running on a kernel it was not built for\n"
                + "oldabi: bad vermagic: kernel tainted.\n"
                + "Disabling lock debugging due to kernel taint\n"
                + "oldabi" + ModuleSigningIT.UNSIGNED_WARNING + "\n"));
        assertEquals((2 + 8192) + "\n", sh("cat /proc/sys/kernel/tainted").out());
        assertTrue(sh("cat /proc/modules").out().matches("oldabi \\d+ 0 - Live 0x[0-9a-f]{16} \\(FE\\)\n"));
        // built against kernel-api [0.9,1): force wired it to the running 1.1.0
        assertTrue(sh("modsyms oldabi").out().contains(" U org.modkern.api\t[0.9,1)\tvmlinux\t1.1.0\n"));
        sh("rmmod oldabi").ok();
        assertEquals((2 + 8192) + "\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void aSymbolVersionOutOfRangeIsAnExecFormatError() throws Exception {
        Path jar = Fixtures.initModule("newabi", "Tracer")
                .header("Import-Package", "org.modkern.api;version=\"[2.0,3)\",org.osgi.framework")
                .writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Invalid module format\n", r.err());
        assertTrue(dmesgText().endsWith("\nnewabi: disagrees about version of symbol org.modkern.api\n"));
        assertNull(bundleNamed("newabi"));

        sh("insmod -f " + jar).ok();
        assertTrue(dmesgText(), dmesgText().endsWith("\ntrace: newabi init\n"
                + "newabi: bad vermagic: kernel tainted.\n"
                + "Disabling lock debugging due to kernel taint\n"
                + "newabi: loading out-of-tree module taints kernel.\n"
                + "newabi" + ModuleSigningIT.UNSIGNED_WARNING + "\n"));
        assertEquals((2 + 4096 + 8192) + "\n", sh("cat /proc/sys/kernel/tainted").out());
        assertTrue(sh("modsyms newabi").out().contains(" U org.modkern.api\t[2.0,3)\tvmlinux\t1.1.0\n"));
        try (JarFile f = new JarFile(jar.toFile())) {
            // the framework got a copy without the range; the file is as built
            assertTrue(f.getManifest().getMainAttributes().getValue("Import-Package").contains("[2.0,3)"));
        }
    }

    @Test
    public void aModuleWithoutVermagicLoadsAsForced() throws Exception {
        Path jar = Fixtures.initModule("nomagic", "Tracer").without("Module-Vermagic").writeTo(root().resolve("fixtures"));
        sh("insmod " + jar).ok();
        assertTrue(dmesgText().contains("\nnomagic: bad vermagic: kernel tainted.\n"));
        assertEquals((2 + 4096 + 8192) + "\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void forceCannotSupplyAMissingSymbolNorLiftTheGplRule() throws Exception {
        Path closed = exampleJar("closedpeek");
        Run r = sh("insmod -f " + closed);
        assertEquals("insmod: ERROR: could not insert module " + closed + ": Unknown symbol in module\n", r.err());
        assertTrue(dmesgText().endsWith("\nclosedpeek: Unknown symbol org.modkern.api.module (err -2)\n"));

        Path needy = Fixtures.module("needy").header("Module-License", "GPL")
                .header("Import-Package", "com.example.nobody.exports.this").writeTo(root().resolve("fixtures"));
        Run n = sh("insmod --force " + needy);
        assertEquals("insmod: ERROR: could not insert module " + needy + ": Unknown symbol in module\n", n.err());
        assertEquals("Module                  Size  Used by\n", sh("lsmod").out());
        // refused loads taint nothing, forced or not
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void symbolVersionsAreThoseOfTheExporterLoadedNow() throws Exception {
        Path dir = root().resolve("fixtures");
        Path v1 = Fixtures.module("verlib").header("Module-License", "GPL")
                .header("Export-Package", "com.example.verlib;version=\"1.0\"").writeTo(dir.resolve("v1"));
        Path v2 = Fixtures.module("verlib").header("Module-License", "GPL")
                .header("Export-Package", "com.example.verlib;version=\"2.0\"").writeTo(dir.resolve("v2"));
        Path user = Fixtures.module("veruser").header("Module-License", "GPL")
                .header("Import-Package", "com.example.verlib;version=\"[1.0,2)\"").writeTo(dir);
        String unknown = "insmod: ERROR: could not insert module " + user + ": Unknown symbol in module\n";
        String badFormat = "insmod: ERROR: could not insert module " + user + ": Invalid module format\n";

        assertEquals(unknown, sh("insmod " + user).err());
        sh("insmod " + v1).ok();
        sh("insmod " + user).ok();
        sh("rmmod veruser").ok();
        sh("rmmod verlib").ok();
        // the kernel must not answer from what it knew of the first verlib
        sh("insmod " + v2).ok();
        assertEquals(badFormat, sh("insmod " + user).err());
        assertTrue(dmesgText().endsWith("\nveruser: disagrees about version of symbol com.example.verlib\n"));
        sh("rmmod verlib").ok();
        assertEquals(unknown, sh("insmod " + user).err());
    }
}
