// Test fixture: glibc's own fnmatch answers, recorded in fnmatch-glibc.tsv, for every matcher to agree with.
package org.modkern.core.kmod;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The cases glibc 2.36's {@code fnmatch(pattern, string, 0)} answered, backslashes undoubled. */
final class GlibcFnmatch {

    /** One recorded call and glibc's answer. */
    record Case(String pattern, String string, boolean matches) {
    }

    private GlibcFnmatch() {
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GlibcFnmatch.class.getResourceAsStream("/kmod/fnmatch-glibc.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    String[] f = line.split("\t", -1);
                    out.add(new Case(f[0].replace("\\\\", "\\"), f[1].replace("\\\\", "\\"), Boolean.parseBoolean(f[2])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
