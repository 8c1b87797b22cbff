// Tests the direct manifest reader against java.util.jar's answers on jars of several shapes.
package org.modkern.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private static final String MANIFEST = "Manifest-Version: 1.0\r\n"
            + "Bundle-SymbolicName: snd-hda-intel\r\n"
            + "Module-Alias: \"pci:v00008086d00001533sv*sd*bc*sc*i*\",\"of:N*T*Cfsl,imx6q-u\r\n"
            + " art\",\"acpi*:PNP0C09:*\"\r\n"
            + "Module-Author: J\u00f6rg \u00c4pfel\r\n"
            + "\r\n"
            + "Name: org/x/\r\n"
            + "Sealed: true\r\n\r\n";

    private Path zip(String name, boolean stored, boolean manifestFirst, int padding) throws IOException {
        Path p = dir.resolve(name);
        byte[] mf = MANIFEST.getBytes(StandardCharsets.UTF_8);
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            if (!manifestFirst) {
                entry(z, "org/x/A.class", new byte[] {1, 2, 3}, false);
            }
            entry(z, "META-INF/MANIFEST.MF", mf, stored);
            if (padding > 0) {
                byte[] junk = new byte[padding];
                new Random(1).nextBytes(junk);
                entry(z, "org/x/big.bin", junk, true);
            }
        }
        return p;
    }

    private static void entry(ZipOutputStream z, String name, byte[] data, boolean stored) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    private static Map<String, String> viaJarFile(Path p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (JarFile jf = new JarFile(p.toFile(), false)) {
            for (Map.Entry<Object, Object> e : jf.getManifest().getMainAttributes().entrySet()) {
                out.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
            }
        }
        return out;
    }

    @Test
    void agreesWithJarFileOnDeflatedStoredLateAndLargeJars() throws Exception {
        for (Path p : new Path[] {zip("a.jar", false, true, 0), zip("b.jar", true, true, 0), zip("c.jar", false, false, 0),
            zip("d.jar", false, true, 200_000), zip("e.jar", true, false, 70_000)}) {
            Map<String, String> fast = ManifestReader.mainAttributes(p);
            assertNotNull(fast, p.toString());
            assertEquals(viaJarFile(p), fast, p.toString());
        }
        assertEquals("pci:v00008086d00001533sv*sd*bc*sc*i*,of:N*T*Cfsl,imx6q-uart,acpi*:PNP0C09:*",
                String.join(",", HeaderParser.paths(ManifestReader.mainAttributes(dir.resolve("a.jar")).get("Module-Alias"))));
    }

    @Test
    void notAZipLeavesTheVerdictToJarFile() throws Exception {
        Path p = dir.resolve("bad.jar");
        Files.writeString(p, "not a zip at all");
        assertNull(ManifestReader.mainAttributes(p));
        ModuleFormatException e = assertThrows(ModuleFormatException.class, () -> ModuleInfo.fromJar(p));
        assertEquals("not a module: zip END header not found", e.getMessage());
    }

    @Test
    void moduleInfoReadsTheSameEitherWay() throws Exception {
        Path p = zip("m.jar", false, true, 0);
        ModuleInfo info = ModuleInfo.fromJar(p);
        assertEquals("snd-hda-intel", info.name());
        assertEquals("snd_hda_intel", info.canonicalName());
        assertEquals(3, info.aliases().size());
        assertEquals("J\u00f6rg \u00c4pfel", info.authors().get(0));
    }
}
