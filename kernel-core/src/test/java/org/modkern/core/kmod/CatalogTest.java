// Tests the catalog scan: order, duplicate names, corrupt jars, modules.builtin.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

    @TempDir
    Path dir;

    private static List<String> names(Catalog c) {
        return c.modules().stream().map(Catalog.Entry::name).collect(Collectors.toList());
    }

    @Test
    void modulesOrderFirstThenPathOrder() throws Exception {
        TestRoot r = new TestRoot(dir);
        for (String p : List.of("kernel/z/zeta.jar", "kernel/a/alpha.jar", "extra/beta.jar", "kernel/m/mid.jar")) {
            r.module(p).write();
        }
        r.file("modules.order", "#comment\nkernel/m/mid.jar\nkernel/missing.jar\n\nkernel/z/zeta.jar\nkernel/m/mid.jar\n");
        Catalog c = r.catalog();
        assertEquals(List.of("mid", "zeta", "beta", "alpha"), names(c));
        assertEquals("kernel/m/mid.jar", c.modules().get(0).relPath());
        assertEquals(r.modulesDir.resolve("kernel/m/mid.jar"), c.modules().get(0).path());
        assertEquals("", r.log.toString());
    }

    @Test
    void aCorruptJarIsReportedAndSkipped() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/good.jar").write();
        Files.writeString(r.modulesDir.resolve("kernel/broken.jar"), "this is not a zip file");
        r.jar("kernel/nameless.jar", java.util.Map.of("Bundle-Version", "1.0"));
        r.order("kernel/good.jar", "kernel/broken.jar", "kernel/nameless.jar");
        Catalog c = r.catalog();
        assertEquals(List.of("good"), names(c));
        String log = r.log.toString();
        assertTrue(log.contains("depmod: WARNING: could not create module " + r.path("kernel/broken.jar") + ": "), log);
        assertTrue(log.contains("depmod: WARNING: could not create module " + r.path("kernel/nameless.jar")
                + ": not a module: no Bundle-SymbolicName"), log);
    }

    @Test
    void aModuleUnderUpdatesWinsOverTheKernelOne() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/drivers/e1000e.jar").write();
        r.module("updates/e1000e.jar").write();
        r.module("extra/dup/e1000e.jar").write();
        r.order();
        Catalog c = r.catalog();
        assertEquals(1, c.modules().size());
        assertEquals("updates/e1000e.jar", c.find("e1000e").orElseThrow().relPath());
    }

    @Test
    void namesAndBuiltinsAreNormalized() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/snd-hda-intel.jar").write();
        r.module("build/ignored.jar").write();
        r.file("modules.builtin", "kernel/net/unix/unix.ko\nkernel/drivers/usb/host/ehci-hcd.ko\n");
        Catalog c = r.catalog();
        assertEquals(List.of("snd_hda_intel"), names(c));
        assertTrue(c.find("snd-hda-intel").isPresent());
        assertEquals(List.of("unix", "ehci_hcd"), c.builtin());
        assertEquals(TestRoot.RELEASE, c.release());
        assertEquals("depmod: WARNING: could not open modules.order at " + r.modulesDir
                + ": No such file or directory\n", r.log.toString());
    }

    @Test
    void aNameThatDiffersFromTheFileIsReported() throws Exception {
        TestRoot r = new TestRoot(dir);
        r.module("kernel/foo.jar").header("Bundle-SymbolicName", "bar").write();
        r.order("kernel/foo.jar");
        assertEquals(List.of("bar"), names(r.catalog()));
        assertEquals("depmod: WARNING: " + r.path("kernel/foo.jar") + ": module name bar does not match its file name\n",
                r.log.toString());
    }
}
