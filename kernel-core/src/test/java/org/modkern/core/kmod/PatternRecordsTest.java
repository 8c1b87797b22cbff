// Tests the packed pattern records: glibc's own fnmatch answers, segment by segment, eight bytes at a time.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternRecordsTest {

    /** The string as a matcher's buffer: its bytes, then room to read past the end. */
    private static byte[] buffer(String s) {
        byte[] b = new byte[s.length() + PrefixCheck.PAD];
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, b, 0, bytes.length);
        // what lies past the end must not count
        for (int i = bytes.length; i < b.length; i++) {
            b[i] = '*';
        }
        return b;
    }

    private static boolean matches(String prefix, String rest, String s) {
        PatternRecords.Builder b = PatternRecords.builder();
        b.add(3, 0, "x", null); // records start elsewhere than 0
        int r = b.add(7, 42, prefix, rest == null ? null : Glob.compile(rest));
        PatternRecords records = b.build();
        assertEquals(7, records.id(r));
        assertEquals(42, records.module(r));
        return records.matches(r, buffer(s), s.length());
    }

    @Test
    void agreesWithGlibcFnmatch() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (GlibcFnmatch.Case c : GlibcFnmatch.cases()) {
            if (Glob.compile(c.pattern()).segments() == null) {
                assertFalse(c.matches(), c.pattern()); // glibc refuses it: AliasIndex files no record
                continue;
            }
            checked++;
            if (matches("", c.pattern(), c.string()) != c.matches()) {
                failures.add("record of \"" + c.pattern() + "\" on \"" + c.string() + "\" should be " + c.matches());
            }
        }
        assertTrue(checked > 80);
        assertEquals(List.of(), failures);
    }

    @Test
    void prefixAndSegmentsOfEveryLength() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int len = 0; len <= 20; len++) {
            String lit = alphabet.substring(0, len);
            assertTrue(matches(lit, null, lit), lit);
            assertFalse(matches(lit, null, lit + "!"), lit);
            assertTrue(matches("p", "*" + lit + "*", "p--" + lit + "--"), lit);
            assertTrue(matches("p", "*" + lit, "p" + lit + lit), lit);
            assertFalse(matches("p", "*" + lit + "?", "p" + lit), lit);
            if (len > 0) {
                String wrong = lit.substring(0, len - 1) + "!";
                assertFalse(matches(lit, null, wrong), lit);
                assertFalse(matches("p", "*" + lit + "*", "p--" + wrong + "--"), lit);
                assertFalse(matches("p", "*" + lit, "p" + lit + wrong), lit);
            }
        }
    }

    @Test
    void questionMarksAndBracketsInLongSegments() {
        assertTrue(matches("usb:v046DpC52Bd", "0[0-8]*dc*", "usb:v046DpC52Bd0512dc00"));
        assertFalse(matches("usb:v046DpC52Bd", "0[0-8]*dc*", "usb:v046DpC52Bd0912dc00"));
        assertTrue(matches("dmi", "*:pnLatitude20?5*:", "dmiB3:svnDell93:pnLatitude2005E:"));
        assertFalse(matches("dmi", "*:pnLatitude20?5*:", "dmiB3:svnDell93:pnLatitude2006E:"));
        assertTrue(matches("", "[!a][!a][!a][!a][!a][!a][!a][!a][!a]x", "123456789x"));
        assertFalse(matches("", "[!a][!a][!a][!a][!a][!a][!a][!a][!a]x", "1234a6789x"));
        // leftmost places are screened on the first eight bytes, then checked in full
        assertTrue(matches("", "*abcdefgh?j*", "abcdefghXkabcdefghYj"));
        assertFalse(matches("", "*abcdefgh[0-9]j*", "abcdefghXjabcdefghYj"));
    }
}
