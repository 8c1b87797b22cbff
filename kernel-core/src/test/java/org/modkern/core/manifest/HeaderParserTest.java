// Tests the OSGi header syntax parser on the values module manifests carry.
package org.modkern.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderParserTest {

    @Test
    void quotedPathsKeepCommasAndSemicolons() {
        assertEquals(List.of("of:N*T*Cfsl,imx6q-uart", "pci:v00008086d00001533sv*sd*bc*sc*i*", "dmi:a;b"),
                HeaderParser.paths("\"of:N*T*Cfsl,imx6q-uart\", pci:v00008086d00001533sv*sd*bc*sc*i*,\"dmi:a;b\""));
    }

    @Test
    void aPathWithColonAndEqualsIsNotATypedAttribute() {
        assertEquals(List.of("acpi:FOO=1", "platform:x"), HeaderParser.paths("acpi:FOO=1,platform:x"));
    }

    @Test
    void typedAttributesAndDirectives() {
        HeaderParser.Clause c = HeaderParser.parse(
                "org.modkern.lib.crc32c;version:Version=\"1.2\";symbol.license=GPL;resolution:=optional").get(0);
        assertEquals("org.modkern.lib.crc32c", c.path());
        assertEquals("1.2", c.attribute("version", null));
        assertEquals("GPL", c.attribute("symbol.license", null));
        assertEquals("optional", c.directives().get("resolution"));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> HeaderParser.parse("\"abc"));
    }

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
