// Tests Glob against glibc's own fnmatch answers (recorded in fnmatch-glibc.tsv) and kmod's normalization.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void agreesWithGlibcFnmatch() {
        List<String> failures = new ArrayList<>();
        List<GlibcFnmatch.Case> cases = GlibcFnmatch.cases();
        for (GlibcFnmatch.Case c : cases) {
            if (Glob.fnmatch(c.pattern(), c.string()) != c.matches()) {
                failures.add("fnmatch(\"" + c.pattern() + "\", \"" + c.string() + "\") should be " + c.matches());
            }
        }
        assertTrue(cases.size() > 90);
        assertEquals(List.of(), failures);
    }

    @Test
    void literalPatternsAreRecognized() {
        assertTrue(Glob.compile("snd_hda_intel").isLiteral());
        assertTrue(Glob.compile("a\\*b").isLiteral());
        assertFalse(Glob.compile("snd_*").isLiteral());
    }

    @Test
    void aliasNormalizationKeepsDashesInsideBrackets() {
        assertEquals("snd_hda_intel", Names.normalizeAlias("snd-hda-intel"));
        assertEquals("usb:v*p*d[0-9]*_x", Names.normalizeAlias("usb:v*p*d[0-9]*-x"));
        assertEquals("of:N*T*Cfsl,imx6q_uart", Names.normalizeAlias("of:N*T*Cfsl,imx6q-uart"));
        assertNull(Names.normalizeAlias("foo]"));
        assertNull(Names.normalizeAlias("foo[a-"));
    }

    @Test
    void moduleNamesAreCutAtTheFirstDot() {
        assertEquals("snd_hda_intel", Names.modname("snd-hda-intel"));
        assertEquals("zstd_compress", Names.modnameOfPath("kernel/lib/zstd/zstd_compress.jar"));
        assertEquals("nvidia_drm", Names.modnameOfPath("updates/dkms/nvidia-drm.ko.xz"));
    }
}
