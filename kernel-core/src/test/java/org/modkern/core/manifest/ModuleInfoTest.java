// Tests what the kernel makes of manifests written by hand or by a hostile tool.
package org.modkern.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleInfoTest {

    @TempDir
    Path dir;

    private static ModuleInfo headers(String... nameValue) throws ModuleFormatException {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.put(nameValue[i], nameValue[i + 1]);
        }
        return ModuleInfo.fromHeaders(h, null);
    }

    @Test
    void headerNamesAreCaseInsensitiveAsInAnyManifest() throws Exception {
        ModuleInfo info = headers("bundle-symbolicname", "tp-lower", "MODULE-LICENSE", "GPL",
                "module-param", "i;type=int;perm=0644", "Module-init", "a.B", "module-intree", "Y");
        assertEquals("tp-lower", info.name());
        assertEquals("GPL", info.license());
        assertEquals("a.B", info.initClass());
        assertEquals(1, info.params().size());
        assertEquals("Y", info.headers().get("Module-Intree"));
    }

    @Test
    void aManifestThatInflatesPastTheLimitIsRefusedWithoutReadingIt() throws Exception {
        // a few kilobytes on disk, tens of megabytes inflated: the zip bomb's shape
        Path jar = dir.resolve("bomb.jar");
        byte[] line = "X-A: b\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\nBundle-SymbolicName: bomb\n".getBytes(StandardCharsets.US_ASCII));
            for (int n = 0; n <= 5 * ManifestReader.MAX_MANIFEST; n += line.length) {
                z.write(line);
            }
            z.closeEntry();
        }
        assertTrue(Files.size(jar) < ManifestReader.MAX_MANIFEST / 10);
        ModuleFormatException e = assertThrows(ModuleFormatException.class, () -> ModuleInfo.fromJar(jar));
        assertEquals("not a module: manifest larger than " + ManifestReader.MAX_MANIFEST + " bytes", e.getMessage());
        assertThrows(ModuleFormatException.class, () -> ModuleInfo.fromImage(Files.readAllBytes(jar), jar));
    }

    @Test
    void aManifestEntryThatClaimsMoreThanTheLimitIsRefused() throws Exception {
        // small content, a directory entry claiming 2 GB: the framework would allocate what it claims
        byte[] mf = "Manifest-Version: 1.0\nBundle-SymbolicName: liar\n\n".getBytes(StandardCharsets.US_ASCII);
        Path jar = dir.resolve("liar.jar");
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write(mf);
            z.closeEntry();
        }
        byte[] b = Files.readAllBytes(jar);
        int cen = b.length - 22 - (46 + 20);
        assertEquals(0x02014b50, java.nio.ByteBuffer.wrap(b, cen, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, 0x7ff00000);
        Files.write(jar, b);
        ModuleFormatException e = assertThrows(ModuleFormatException.class, () -> ModuleInfo.fromImage(b, jar));
        assertEquals("not a module: manifest larger than " + ManifestReader.MAX_MANIFEST + " bytes", e.getMessage());
    }

    @Test
    void aModuleNameMustBeASymbolicNameThatFitsLinux() throws Exception {
        for (String bad : new String[] {"x/y", "../../etc/passwd", "a b", "\u00fcn\u00efc\u00f8d\u00e9", ".x", "x.", "a..b",
            "L".repeat(ModuleInfo.MAX_NAME + 1), "$(touch x);y"}) {
            ModuleFormatException e = assertThrows(ModuleFormatException.class,
                    () -> headers("Bundle-SymbolicName", bad), bad);
            assertTrue(e.getMessage().startsWith("malformed manifest: invalid module name")
                    || e.getMessage().equals("malformed manifest: module name longer than 55 characters")
                    || e.getMessage().equals("not a module: more than one Bundle-SymbolicName"), e.getMessage());
        }
        assertEquals("com.example.dotted", headers("Bundle-SymbolicName", "com.example.dotted").name());
        assertEquals("single", headers("Bundle-SymbolicName", "single;singleton:=true").name());
        assertEquals("L".repeat(ModuleInfo.MAX_NAME), headers("Bundle-SymbolicName", "L".repeat(ModuleInfo.MAX_NAME)).name());
    }

    @Test
    void aParameterNameNamesOneSysfsFileOnce() throws Exception {
        for (String bad : new String[] {"a/../b;type=int", "x y;type=int", "x;type=int,x;type=charp", "a-b;type=int,a_b;type=int"}) {
            ModuleFormatException e = assertThrows(ModuleFormatException.class,
                    () -> headers("Bundle-SymbolicName", "p", "Module-Param", bad), bad);
            assertTrue(e.getMessage().startsWith("malformed manifest: "), e.getMessage());
        }
        assertEquals(2, headers("Bundle-SymbolicName", "p", "Module-Param", "x_1;type=int,y-2;type=charp").params().size());
    }
}
