// A fault inside the symbol policy refuses loads and links; it never opens a GPL-only export.
package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

/**
 * Injects faults into the symbol policy through {@code /sys/kernel/debug/fail_symbol_policy/times}
 * (-1: every evaluation throws). Felix would ignore a resolver hook that throws and resolve
 * unfiltered; the kernel's hook catches its own faults and refuses, so nothing links while the
 * policy is broken, and everything links again once it is not.
 */
@RunWith(PaxExam.class)
public class SymbolPolicyFaultIT extends KernelTestSupport {

    private static final String KNOB = "/sys/kernel/debug/fail_symbol_policy/times";

    @Test
    public void aFaultyPolicyRefusesLoadsAndTheyWorkAgainWithoutTheFault() {
        assertEquals("0\n", sh("cat " + KNOB).ok().out());
        sh("echo -1 | tee " + KNOB).ok();

        Run gpl = sh("insmod " + exampleJar("dma-buf"));
        assertEquals("insmod: ERROR: could not insert module " + exampleJar("dma-buf") + ": Unknown symbol in module\n", gpl.err());
        String log = dmesgText();
        assertTrue(log, log.contains("symbol policy failed for dma-buf (bundle "));
        assertTrue(log, log.contains("dma_buf: symbol policy failed: org.modkern.core.symbols.FaultAttr$InjectedFault: "
                + "fail_symbol_policy: fault injected in importer\n"));
        assertTrue(log, log.endsWith("\ndma_buf: Unknown symbol org.modkern.api.module (err -2)\n"));
        assertNull(bundleNamed("dma-buf"));

        // even a module that links only plain symbols: the policy cannot say yes, so it says no
        assertEquals(1, sh("insmod " + helloJar()).status());
        assertEquals("Module                  Size  Used by\n", sh("lsmod").out());

        sh("echo 0 | tee " + KNOB).ok();
        sh("insmod " + exampleJar("dma-buf")).ok();
        sh("insmod " + helloJar()).ok();
    }

    @Test
    public void aFaultyPolicyDoesNotOpenAGplOnlyClassToDynamicImport() throws Exception {
        // a GPL bundle installed past the loader, linking dynamically: allowed, unless the policy fails
        Path jar = Fixtures.module("gpldyn").header("Module-License", "GPL").header("DynamicImport-Package", "*")
                .writeTo(root().resolve("fixtures"));
        Bundle b = ctx.installBundle(jar.toUri().toString());
        b.start();
        sh("echo -1 | tee " + KNOB).ok();
        try {
            b.loadClass("org.modkern.api.module.Kallsyms");
            fail("a dynamic import linked a GPL-only package while the policy was failing");
        } catch (ClassNotFoundException expected) {
            // refused
        } finally {
            sh("echo 0 | tee " + KNOB).ok();
        }
        assertTrue(dmesgText().contains("symbol policy failed for gpldyn (bundle " + b.getBundleId() + ")"));
        assertEquals("org.modkern.api.module.Kallsyms", b.loadClass("org.modkern.api.module.Kallsyms").getName());
        b.uninstall();
    }

    @Test
    public void theKnobTakesOnlyCounts() {
        Run r = sh("echo -5 | tee " + KNOB);
        assertEquals(1, r.status());
        sh("echo 3 | tee " + KNOB).ok();
        assertEquals("3\n", sh("cat " + KNOB).out());
    }
}
