// Tests Glob against glibc's own fnmatch answers (recorded in fnmatch-glibc.tsv) and kmod's normalization.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void agreesWithGlibcFnmatch() throws IOException {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GlobTest.class.getResourceAsStream("/kmod/fnmatch-glibc.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String pattern = f[0].replace("\\\\", "\\");
                String string = f[1].replace("\\\\", "\\");
                boolean expected = Boolean.parseBoolean(f[2]);
                cases++;
                if (Glob.fnmatch(pattern, string) != expected) {
                    failures.add("fnmatch(\"" + pattern + "\", \"" + string + "\") should be " + expected);
                }
            }
        }
        assertTrue(cases > 90);
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
