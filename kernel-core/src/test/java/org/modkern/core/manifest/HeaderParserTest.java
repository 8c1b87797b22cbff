package org.modkern.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OSGi header syntax, including the quoting that real alias patterns need. */
class HeaderParserTest {

    @Test
    void clausesPathsAttributesAndDirectives() {
        List<HeaderParser.Clause> c = HeaderParser.parse(
                "org.a;org.b;version=\"[1.0,2)\";resolution:=optional, org.c;symbol.license=GPL;symbol.ns=USB");
        assertEquals(2, c.size());
        assertEquals(List.of("org.a", "org.b"), c.get(0).paths());
        assertEquals(Map.of("version", "[1.0,2)"), c.get(0).attributes());
        assertEquals(Map.of("resolution", "optional"), c.get(0).directives());
        assertEquals("GPL", c.get(1).attribute("symbol.license", null));
        assertEquals("USB", c.get(1).attribute("symbol.ns", null));
    }

    @Test
    void quotedPatternsKeepCommasSemicolonsAndEscapes() {
        assertEquals(List.of("of:N*T*Cfsl,imx6q-uart", "pci:v00008086d*sv*sd*bc*sc*i*", "a;b", "say \"hi\""),
                HeaderParser.paths("\"of:N*T*Cfsl,imx6q-uart\",pci:v00008086d*sv*sd*bc*sc*i*,\"a;b\",\"say \\\"hi\\\"\""));
        assertEquals(List.of("usb:v046DpC52B*", "acpi*:PNP0A0[38]:*"), HeaderParser.paths("usb:v046DpC52B*, acpi*:PNP0A0[38]:*"));
        assertEquals(List.of("name"), HeaderParser.paths("name;version:Version=1.0"));
    }

    @Test
    void malformedHeadersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeaderParser.parse("\"unterminated"));
        assertThrows(IllegalArgumentException.class, () -> HeaderParser.parse("a,,b"));
        assertEquals(List.of(), HeaderParser.parse("  "));
    }
}
