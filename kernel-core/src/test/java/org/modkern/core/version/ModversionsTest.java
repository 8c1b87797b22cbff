// Unit tests of modversions: vermagic, symbol version ranges, what force does, the manifest rewrite.
package org.modkern.core.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modkern.core.manifest.ModuleInfo;

class ModversionsTest {

    private static final String MAGIC = "0.1.0-modkern SMP mod_unload modversions";
    private final Map<String, List<String>> exported = Map.of(
            "org.modkern.api", List.of("1.1.0"), "org.two", List.of("1.0.0", "2.0.0"));
    private final Modversions versions = new Modversions(MAGIC, p -> exported.getOrDefault(p, List.of()));

    private static ModuleInfo module(String vermagic, String imports) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Bundle-SymbolicName", "m");
        if (vermagic != null) {
            h.put("Module-Vermagic", vermagic);
        }
        h.put("Import-Package", imports);
        return ModuleInfo.fromHeaders(h, null);
    }

    @Test
    void aModuleBuiltForThisKernelPasses() throws Exception {
        Modversions.Result r = versions.check("m", module(MAGIC, "org.modkern.api;version=\"[1.0,2)\",org.two;version=\"[2,3)\""), false);
        assertEquals(new Modversions.Result(null, null, Set.of()), r);
    }

    @Test
    void anotherVermagicIsRefusedUnlessForced() throws Exception {
        ModuleInfo old = module("0.0.9-modkern SMP mod_unload modversions", "org.modkern.api;version=\"[0.9,1)\"");
        assertEquals("m: version magic '0.0.9-modkern SMP mod_unload modversions' should be '" + MAGIC + "'",
                versions.check("m", old, false).refusal());
        Modversions.Result forced = versions.check("m", old, true);
        assertNull(forced.refusal());
        assertEquals("m: bad vermagic: kernel tainted.", forced.forced());
        assertEquals(Set.of("org.modkern.api"), forced.unversioned());
    }

    @Test
    void aSymbolExportedOnlyOutsideTheRangeDisagrees() throws Exception {
        ModuleInfo m = module(MAGIC, "org.other;version=\"[5,6)\",org.modkern.api;version=\"[2.0,3)\",org.two;version=\"[3,4)\"");
        assertEquals("m: disagrees about version of symbol org.modkern.api", versions.check("m", m, false).refusal());
        assertEquals(Set.of("org.modkern.api", "org.two"), versions.check("m", m, true).unversioned());
        // a symbol nobody exports is the resolver's business; an optional one is nobody's
        assertNull(versions.check("m", module(MAGIC, "org.other;version=\"[5,6)\""), false).refusal());
        assertNull(versions.check("m", module(MAGIC, "org.modkern.api;version=\"[9,10)\";resolution:=optional"), false).refusal());
    }

    @Test
    void aForcedLoadTaintsEvenWhenNothingDisagrees() throws Exception {
        Modversions.Result r = versions.check("m", module(MAGIC, "org.modkern.api"), true);
        assertEquals("m: bad vermagic: kernel tainted.", r.forced());
        assertEquals(Set.of(), r.unversioned());
    }

    @Test
    void aMissingVermagicLoadsAsForced() throws Exception {
        Modversions.Result r = versions.check("m", module(null, "org.modkern.api"), false);
        assertNull(r.refusal());
        assertEquals("m: bad vermagic: kernel tainted.", r.forced());
    }

    @Test
    void unversionDropsOnlyTheNamedRanges() {
        // a clause of two packages is split, so each keeps or loses its own range
        assertEquals("org.a;resolution:=\"optional\",org.b;version=\"[1,2)\",org.c",
                ForcedImports.unversion("org.a;version=\"[2,3)\";resolution:=optional,org.b;org.c;version=\"[1,2)\"",
                        Set.of("org.a", "org.c")));
    }

    @Test
    void theRewrittenJarKeepsEverythingButTheRanges(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("m.jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "m");
        mf.getMainAttributes().putValue("Import-Package", "org.modkern.api;version=\"[0.9,1)\",org.osgi.framework;version=\"[1.10,2)\"");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
            out.putNextEntry(new JarEntry("a/B.class"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        byte[] copy = ForcedImports.rewrite(java.nio.file.Files.readAllBytes(jar), Set.of("org.modkern.api"));
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(copy))) {
            Attributes a = in.getManifest().getMainAttributes();
            assertEquals("m", a.getValue("Bundle-SymbolicName"));
            assertEquals("org.modkern.api,org.osgi.framework;version=\"[1.10,2)\"", a.getValue("Import-Package"));
            JarEntry e = in.getNextJarEntry();
            assertEquals("a/B.class", e.getName());
            assertEquals(3, in.readAllBytes().length);
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            assertEquals("org.modkern.api;version=\"[0.9,1)\",org.osgi.framework;version=\"[1.10,2)\"",
                    in.getManifest().getMainAttributes().getValue("Import-Package"), "the file on disk is as built");
        }
    }
}
