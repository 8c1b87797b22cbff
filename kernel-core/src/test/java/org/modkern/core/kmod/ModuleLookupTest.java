// Tests the shared resolver: the order of its sources and what each answers.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleLookupTest {

    @TempDir
    Path dir;

    private TestRoot r;

    @BeforeEach
    void setUp() throws Exception {
        r = Seed.write(new TestRoot(dir));
        r.module("kernel/drivers/net/e1000e.jar").aliases("pci:v00008086d00001533sv*sd*bc*sc*i*", "net-x").write();
        r.module("kernel/sound/snd-hda-intel.jar").aliases("snd-card-*").exports("org.snd.hda").write();
        r.runDepmod();
        Files.write(r.modulesDir.resolve("modules.builtin.modinfo"),
                "unix.alias=net-pf-1\0unix.license=GPL\0ext2.alias=fs-ext2\0".getBytes(StandardCharsets.UTF_8));
    }

    private List<String> find(ModuleLookup l, String what) {
        return l.lookup(what).stream().map(m -> m.name() + "/" + m.source()).collect(Collectors.toList());
    }

    @Test
    void eachSourceAnswers() throws Exception {
        r.conf("x.conf", "alias eth* e1000e\ninstall fakecmd /bin/true\nremove rmonly /bin/true\n");
        ModuleLookup l = r.lookup(null);
        assertEquals(List.of("e1000e/CONFIG_ALIAS"), find(l, "eth0"));
        assertEquals(List.of("snd_hda_intel/MODULE_NAME"), find(l, "snd-hda-intel"));
        assertEquals(List.of("drm/SYMBOL"), find(l, "symbol:org.modkern.drm"));
        assertEquals(List.of("fakecmd/INSTALL_COMMAND"), find(l, "fakecmd"));
        assertEquals(List.of("rmonly/REMOVE_COMMAND"), find(l, "rmonly"));
        assertEquals(List.of("ext4/MODULES_ALIAS"), find(l, "fs-ext4"));
        assertEquals(List.of("snd_hda_intel/MODULES_ALIAS"), find(l, "snd_card_0"));
        assertEquals(List.of("unix/BUILTIN"), find(l, "unix"));
        assertEquals(List.of("unix/BUILTIN_ALIAS"), find(l, "net-pf-1"));
        assertEquals(List.of(), find(l, "nosuch"));
        assertEquals(List.of(), find(l, "bad]"));
    }

    @Test
    void theFirstSourceThatAnswersWins() throws Exception {
        // a config alias hides the module of the same name; modules.alias hides the builtin alias
        r.conf("x.conf", "alias igb e1000e\n");
        ModuleLookup l = r.lookup(null);
        assertEquals(List.of("e1000e/CONFIG_ALIAS"), find(l, "igb"));
        assertEquals(List.of("ext4/MODULES_ALIAS"), find(l, "fs-ext2"));
        assertEquals("fs_ext2", l.lookup("fs-ext2").get(0).alias());
        assertEquals("igb", l.lookup("igb").get(0).alias());
    }

    @Test
    void severalMatchesComeInCatalogOrder() throws Exception {
        ModuleLookup l = r.lookup(null);
        assertEquals(List.of("igb/MODULES_ALIAS", "e1000e/MODULES_ALIAS"),
                find(l, "pci:v00008086d00001533sv00008086sd00000001bc02sc00i00"));
        assertEquals(List.of("nvidia/MODULES_ALIAS", "nvidia_drm/MODULES_ALIAS"),
                find(l, "pci:v000010DEd00001234sv00001028sd00000001bc03sc00i00"));
    }

    @Test
    void modulesDepGivesPathsAndDependenciesInLoadOrder() throws Exception {
        ModuleLookup l = r.lookup(null);
        ModulesDep.Entry e = l.module("btrfs");
        assertEquals(r.modulesDir.resolve(Seed.BTRFS), e.path());
        assertEquals(List.of("libcrc32c", "raid6_pq", "zlib_deflate", "zstd_compress"), e.dependencyNames());
        assertEquals(r.modulesDir, l.modulesDir());
    }
}
