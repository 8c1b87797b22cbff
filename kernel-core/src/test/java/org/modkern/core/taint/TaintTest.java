// Unit tests of the taint mask and the taints a module brings.
package org.modkern.core.taint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modkern.core.manifest.ModuleInfo;

class TaintTest {

    private static ModuleInfo module(String name, String license, boolean intree) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Bundle-SymbolicName", name);
        if (license != null) {
            h.put("Module-License", license);
        }
        if (intree) {
            h.put("Module-Intree", "Y");
        }
        return ModuleInfo.fromHeaders(h, null);
    }

    private static long mask(Map<Taint.Flag, String> flags) {
        long m = 0;
        for (Taint.Flag f : flags.keySet()) {
            m |= 1L << f.bit();
        }
        return m;
    }

    @Test
    void aModuleBringsPForItsLicenseOForItsBuildAndEWhenUnsigned() throws Exception {
        assertEquals(Map.of(), ModuleTaints.of(module("hello", "GPL", true), true));
        Map<Taint.Flag, String> nvidia = ModuleTaints.of(module("nvidia", "NVIDIA", false), true);
        assertEquals("nvidia: module license 'NVIDIA' taints kernel.", nvidia.get(Taint.Flag.PROPRIETARY_MODULE));
        assertEquals("nvidia: loading out-of-tree module taints kernel.", nvidia.get(Taint.Flag.OOT_MODULE));
        assertEquals(4097, mask(nvidia));
        assertEquals("x_y: module license 'unspecified' taints kernel.",
                ModuleTaints.of(module("x-y", null, true), true).get(Taint.Flag.PROPRIETARY_MODULE));
        assertEquals("s: module verification failed: signature and/or required key missing - tainting kernel",
                ModuleTaints.of(module("s", "GPL", true), false).get(Taint.Flag.UNSIGNED_MODULE));
    }

    @Test
    void moduleTaintsWarnOnceInLinuxOrderAndAreNeverCleared() {
        Taint t = new Taint();
        List<String> out = new ArrayList<>();
        Map<Taint.Flag, String> w = Map.of(Taint.Flag.PROPRIETARY_MODULE, "m: license", Taint.Flag.OOT_MODULE, "m: oot",
                Taint.Flag.FORCED_MODULE, "m: forced", Taint.Flag.UNSIGNED_MODULE, "m: unsigned");
        long m = (1L << 0) | (1L << 1) | (1L << 12) | (1L << 13);
        t.addModuleTaints(m, w, out::add);
        assertEquals(List.of("m: forced", "Disabling lock debugging due to kernel taint", "m: oot", "m: license",
                "m: unsigned"), out);
        assertEquals(4099 + 8192, t.mask());
        assertEquals("Tainted: PFOE", t.describe());

        out.clear();
        t.addModuleTaints(m, w, out::add);
        assertEquals(List.of(), out, "a flag already set warns no more");
        assertTrue(t.add(Taint.Flag.FORCED_RMMOD));
        assertFalse(t.add(Taint.Flag.FORCED_RMMOD));
        assertEquals(4099 | 8192 | 8, t.mask());
    }
}
