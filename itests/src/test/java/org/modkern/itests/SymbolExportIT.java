// EXPORT_SYMBOL_GPL and EXPORT_SYMBOL_NS: who may link against what, and what a refusal leaves.
package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The export rules: a proprietary module loads on plain exports and taints the kernel; one
 * that links a GPL-only symbol, or a namespaced symbol without importing the namespace, is
 * refused in Linux's words and leaves nothing behind; a class it may not link cannot be loaded
 * through its class loaders either, and the GPL-only entry points refuse it when reached
 * another way.
 */
@RunWith(PaxExam.class)
public class SymbolExportIT extends KernelTestSupport {

    private void assertNoTrace(String name, String tainted) {
        assertNoTrace(name);
        assertEquals(tainted + "\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    public void kernelApiExportsItsPackagesWithTheSymbolAttributes() {
        BundleRevision api = bundleNamed("org.modkern.api").adapt(BundleRevision.class);
        int seen = 0;
        for (BundleCapability c : api.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            Object pkg = c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            Object license = c.getAttributes().get("symbol.license");
            if (pkg.equals("org.modkern.api")) {
                assertNull(license);
                seen++;
            } else if (pkg.equals("org.modkern.api.module") || pkg.equals("org.modkern.api.spi")) {
                assertEquals("GPL", license);
                seen++;
            }
        }
        assertEquals(3, seen);
        assertEquals("GPL", bundleNamed("org.modkern.api").getHeaders().get("Module-License"));
    }

    @Test
    public void aProprietaryModuleLoadsOnPlainExportsAndTaintsTheKernel() {
        sh("insmod " + exampleJar("nvidia")).ok();
        String log = dmesgText();
        assertTrue(log, log.contains("NVRM: loading modkern NVIDIA-like driver, modeset=false\n"
                + "nvidia: loading out-of-tree module taints kernel.\n"
                + "nvidia: module license 'NVIDIA' taints kernel.\n"
                + "Disabling lock debugging due to kernel taint\n"));
        assertTrue(sh("cat /proc/modules").out().matches("nvidia \\d+ 0 - Live 0x[0-9a-f]{16} \\(PO\\)\n"));
        assertEquals("PO\n", sh("cat /sys/module/nvidia/taint").out());
        assertEquals("4097\n", sh("cat /proc/sys/kernel/tainted").out());
        assertEquals("kernel.tainted = 4097\n", sh("sysctl kernel.tainted").out());

        // a taint outlives the module, and a second proprietary load does not warn again
        sh("rmmod nvidia").ok();
        sh("insmod " + exampleJar("nvidia")).ok();
        sh("rmmod nvidia").ok();
        assertEquals("4097\n", sh("cat /proc/sys/kernel/tainted").out());
        String again = dmesgText();
        assertEquals(2, count(again, "NVRM: loading"));
        assertEquals(1, count(again, "nvidia: loading out-of-tree module taints kernel."));
        assertEquals(1, count(again, "nvidia: module license 'NVIDIA' taints kernel."));
        assertEquals(1, count(again, "Disabling lock debugging"));
        sh("echo 0 | tee /proc/sys/kernel/tainted").ok();
        assertEquals("4097\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void aProprietaryModuleUsingAGplOnlySymbolIsRefused() {
        Path jar = exampleJar("closedpeek");
        Run r = sh("insmod " + jar);
        assertEquals(1, r.status());
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Unknown symbol in module\n", r.err());
        assertTrue(dmesgText().endsWith("\nclosedpeek: Unknown symbol org.modkern.api.module (err -2)\n"));
        // refused before any code ran: no P taint, nothing left
        assertNoTrace("closedpeek", "0");
    }

    @Test
    public void aGplModuleLinksGplOnlySymbols() {
        sh("insmod " + exampleJar("dma-buf")).ok();
        assertTrue(dmesgText().contains(
                "dma-buf: org.modkern.examples.dmabuf 1.0.0 exported by dma_buf in namespace DMA_BUF\n"));
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void aNamespacedSymbolLinksOnlyIntoModulesImportingTheNamespace() throws Exception {
        Run early = sh("insmod " + exampleJar("udmabuf"));
        assertEquals("insmod: ERROR: could not insert module " + exampleJar("udmabuf") + ": Unknown symbol in module\n", early.err());
        assertTrue(dmesgText().endsWith("\nudmabuf: Unknown symbol org.modkern.examples.dmabuf (err -2)\n"));

        sh("insmod " + exampleJar("dma-buf")).ok();
        Path stranger = Fixtures.module("nsuser").header("Module-License", "GPL")
                .header("Import-Package", "org.modkern.examples.dmabuf").writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + stranger);
        assertEquals("insmod: ERROR: could not insert module " + stranger + ": Unknown symbol in module\n", r.err());
        assertTrue(dmesgText(), dmesgText().endsWith(
                "\nmodule nsuser uses symbol org.modkern.examples.dmabuf from namespace DMA_BUF, but does not import it.\n"
                + "nsuser: Unknown symbol org.modkern.examples.dmabuf (err -2)\n"));
        assertNull(bundleNamed("nsuser"));

        sh("insmod " + exampleJar("udmabuf")).ok();
        assertTrue(dmesgText().endsWith("\nudmabuf: exported dma-buf #1 of 4096 bytes\n"));
        assertTrue(sh("lsmod").out(), sh("lsmod").out().matches(
                "(?s)Module +Size  Used by\nudmabuf +\\d+  0\ndma_buf +\\d+  1 udmabuf\n"));
        assertEquals("                 U java.lang\t*\tvmlinux\t0.0.0.JavaSE_017\n"
                + "                 U org.modkern.api\t[1.1,2)\tvmlinux\t1.1.0\n"
                + "                 U org.modkern.examples.dmabuf\t[1.0,2)\tdma_buf\t1.0.0\n",
                sh("modsyms udmabuf").ok().out().replaceAll("JavaSE_0\\d+", "JavaSE_017"));

        // the same fixture importing the namespace links
        Path member = Fixtures.module("nsmember").header("Module-License", "GPL").header("Module-Import-NS", "DMA_BUF")
                .header("Import-Package", "org.modkern.examples.dmabuf").writeTo(root().resolve("fixtures"));
        sh("insmod " + member).ok();
        sh("rmmod nsmember udmabuf dma_buf").ok();
        assertEquals(EMPTY_LSMOD, sh("lsmod").out());
    }

    @Test
    public void requireBundleCannotReachGplOnlyExports() throws Exception {
        Path jar = Fixtures.module("wholeapi").header("Module-License", "Proprietary")
                .header("Require-Bundle", "org.modkern.api").writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Unknown symbol in module\n", r.err());
        assertTrue(dmesgText().endsWith("\nwholeapi: Unknown symbol org.modkern.api (err -2)\n"));
        assertNoTrace("wholeapi", "0");
    }

    @Test
    public void aProprietaryModuleCannotLoadAGplOnlyClassNorCallIt() throws Exception {
        Path jar = Fixtures.initModule("reach", "Reach").header("Module-License", "Proprietary")
                .header("DynamicImport-Package", "*").writeTo(root().resolve("fixtures"));
        sh("insmod " + jar).ok();
        assertTrue(dmesgText(), dmesgText().contains("reach: Class.forName: ClassNotFoundException\n"
                + "reach: own class loader: ClassNotFoundException\n"
                + "reach: bundle.loadClass: ClassNotFoundException\n"
                + "reach: context class loader: ClassNotFoundException\n"
                + "reach: borrowed loader: SecurityException\n"));
        assertTrue(sh("modsyms reach").out(), !sh("modsyms reach").out().contains("org.modkern.api.module"));
    }

    @Test
    public void aGplModuleLoadsTheSameClassEveryWay() throws Exception {
        Path jar = Fixtures.initModule("reach", "Reach").header("DynamicImport-Package", "*")
                .writeTo(root().resolve("fixtures"));
        sh("insmod " + jar).ok();
        String k = "loaded org.modkern.api.module.Kallsyms\n";
        assertTrue(dmesgText(), dmesgText().contains("reach: Class.forName: " + k
                + "reach: own class loader: " + k + "reach: bundle.loadClass: " + k
                + "reach: context class loader: " + k + "reach: borrowed loader: returned reach\n"));
        assertTrue(sh("modsyms reach").out().contains(" U org.modkern.api.module\tdynamic\tvmlinux\t1.0.0\n"));
    }

    @Test
    public void aBundleThatIsNoModuleCannotLoadGplOnlyClasses() {
        // this test runs in Pax Exam's probe bundle: DynamicImport-Package *, no Module-License
        try {
            Class.forName("org.modkern.api.module.Kallsyms");
            fail("a bundle without a GPL-compatible license loaded a GPL-only class");
        } catch (ClassNotFoundException expected) {
            // refused by the resolver hook
        }
        try {
            assertEquals("org.modkern.api.Errno", Class.forName("org.modkern.api.Errno").getName());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("a plain export must stay reachable", e);
        }
    }
}
