// printk's own expansion of %s and %d must say what String.format says.
package org.modkern.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Formattable;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PrintkFormatTest {

    @Test
    void simpleFormatsMatchStringFormat() {
        Object[][] cases = {
            {"hello: init, my_param=%d", 42},
            {"%s: %s (err %d)", "hello", null, -2},
            {"100%% of %s", "modules"},
            {"%d %d %d %d", (byte) -1, (short) 7, Long.MIN_VALUE, Integer.MAX_VALUE},
            {"trailing %s and more text", 'c'},
            {"extra arguments are ignored: %s", "a", "b"},
        };
        for (Object[] c : cases) {
            String fmt = (String) c[0];
            Object[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertEquals(String.format(Locale.ROOT, fmt, args), Printk.format(fmt, args), fmt);
        }
    }

    @Test
    void everythingElseGoesToStringFormat() {
        assertEquals("0x2a", Printk.format("0x%x", 42));
        assertEquals("  7", Printk.format("%3d", 7));
        assertEquals("1.50", Printk.format("%.2f", 1.5));
        assertEquals("%d is not a number", Printk.format("%s is not a number", "%d"));
        Formattable f = (formatter, flags, width, precision) -> formatter.format("custom");
        assertEquals("custom", Printk.format("%s", f));
    }

    @Test
    void aBadFormatKeepsTheMessage() {
        assertEquals("%d [x]", Printk.format("%d", "x"));
        assertEquals("%s %s [1]", Printk.format("%s %s", 1));
        assertEquals("ends in % [1]", Printk.format("ends in %", 1));
    }
}
