// Tests the OSGi header syntax parser on the values module manifests carry.
package org.modkern.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
}
