// /proc/kallsyms, modsyms and modinfo's depends: the kernel's symbols and who uses whose.
package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** The symbol table as /proc/kallsyms lists it, modsyms' nm -u view and modinfo's depends. */
@RunWith(PaxExam.class)
public class KallsymsIT extends KernelTestSupport {

    @Test
    public void kallsymsListsTheCoreAndEachModulesExports() {
        long api = bundleNamed("org.modkern.api").getBundleId();
        String before = sh("cat /proc/kallsyms").ok().out();
        assertTrue(before, before.contains(String.format("%016x T org.modkern.api\t1.1.0\tEXPORT_SYMBOL\n", api)));
        assertTrue(before.contains(String.format("%016x T org.modkern.api.module\t1.0.0\tEXPORT_SYMBOL_GPL\n", api)));
        assertTrue(before.contains(" T org.osgi.framework\t1.10.0\tEXPORT_SYMBOL\n"));
        assertFalse("the JVM's packages are no kernel symbols", before.contains(" T java."));
        assertFalse(before.contains("JavaSE"));
        assertFalse(before.contains("["));

        sh("insmod " + exampleJar("dma-buf")).ok();
        long dmabuf = bundleNamed("dma-buf").getBundleId();
        String with = sh("cat /proc/kallsyms").out();
        assertTrue(with, with.endsWith(String.format(
                "%016x T org.modkern.examples.dmabuf\t1.0.0\tEXPORT_SYMBOL_NS(DMA_BUF)\t[dma_buf]\n", dmabuf)));

        sh("rmmod dma_buf").ok();
        assertEquals(before, sh("cat /proc/kallsyms").out());
    }

    @Test
    public void modinfoShowsDependsForLoadedAndCatalogModules() {
        assertEquals("dma_buf\n", sh("modinfo -F depends udmabuf").ok().out());
        assertEquals("\n", sh("modinfo -F depends hello").ok().out());
        assertEquals("DMA_BUF\n", sh("modinfo -F import_ns udmabuf").ok().out());
        sh("insmod " + exampleJar("dma-buf")).ok();
        sh("insmod " + exampleJar("udmabuf")).ok();
        assertEquals("dma_buf\n", sh("modinfo -F depends udmabuf").out());
        assertEquals("\n", sh("modinfo -F depends dma_buf").out());
    }

    @Test
    public void modsymsListsImportsAndWhereTheyResolved() {
        sh("insmod " + helloJar()).ok();
        String out = sh("modsyms hello").ok().out();
        assertTrue(out, out.matches("                 U java\\.lang\t\\*\tvmlinux\t0\\.0\\.0\\.JavaSE_\\d+\n"
                + "                 U org\\.modkern\\.api\t\\[1\\.1,2\\)\tvmlinux\t1\\.1\\.0\n"));
        Run none = sh("modsyms nvidia");
        assertEquals(1, none.status());
        assertEquals("modsyms: ERROR: Module nvidia is not currently loaded\n", none.err());
    }
}
