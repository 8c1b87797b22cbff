// Tests modprobe.d and kernel command line parsing against kmod's own answers (its testsuite and modprobe -c).
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModprobeConfigTest {

    private static String show(String cmdline) {
        return ModprobeConfig.parse(cmdline, KmodLog.silent("modprobe")).show();
    }

    /** kmod's testsuite, test-modprobe/module-param-kcmdline{,2..9}: /proc/cmdline and modprobe -c. */
    @Test
    void kernelCommandLineAsKmodsTestsuiteExpects() {
        assertEquals("options mod_simple foo\noptions mod_simple bar=1\n", show("initrd=\\initramfs-linux.img"
                + " mod_simple.foo mod_simple.bar=1 root=/dev/sda2 rootfstype=ext4 add_efi_memmap quiet rw"));
        assertEquals("options psmouse foo\noptions psmouse bar=1\n", show("psmouse.foo psmouse.bar=1 quiet rw"));
        assertEquals("options psmouse foo\noptions psmouse bar=1\n",
                show("BOOT_IMAGE=/boot/vmlinuz-3.12.12-57.g5f654cf-default initrd=\\initramfs-linux.img psmouse.foo"
                        + " psmouse.bar=1 root=/dev/sda2 rootfstype=ext4 add_efi_memmap quiet rw"));
        assertEquals("options testmodule testparam=1.5G\n", show("testmodule.testparam=1.5G"));
        assertEquals("options psmouse foo\noptions psmouse bar=1\noptions psmouse foobar=\"test 1\"\n",
                show("psmouse.foo psmouse.bar=1 psmouse.foobar=\"test 1\" psmouse.\"invalid option\" \" notamodule\""
                        + " \"noteamodule2 \" notamodule3 quiet rw"));
        assertEquals("options psmouse foo=2\noptions psmouse bar=1\noptions psmouse zinga=test\n",
                show("psmouse.foo=2 ivrs_acpihid[14:00.5]=AMD0020:00 psmouse.bar=1 psmouse.zinga=test"));
        String dyndbg = "options psmouse foo\noptions parport dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\"\n";
        assertEquals(dyndbg, show("psmouse.foo parport.dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\" quiet rw"));
        assertEquals(dyndbg, show("psmouse.foo \"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\" quiet rw"));
        assertEquals("blacklist foo\nblacklist bar\nblacklist foo2\nblacklist bar2\nblacklist foobar\n",
                show("modprobe.blacklist=foo,bar modprobe.blacklist=foo2 quiet modprobe.blacklist=bar2 rw"
                        + " modprobe.blacklist=foobar"));
    }

    /** The same files and command line through kmod 30's modprobe -c gave this. */
    @Test
    void filesAndCommandLineAsKmodShowsThem(@TempDir Path dir) {
        TestRoot r = new TestRoot(dir);
        r.conf("b.conf", "options foo-bar a=1\tb=2\n  # indented comment\nsoftdep snd-hda pre: a b post: c d\n"
                + "softdep x  pre: y\nalias my-alias snd-hda[0-9]\ninstall long \\\n  /bin/echo hi \\\nthere\n"
                + "blacklist  evil-mod\nbogus line\ninclude /etc/foo\noptions\n#comment\nremove r /bin/true\n"
                + "options q x\\\"y\n");
        r.conf("a.conf", "options z 1\n");
        r.conf(".hidden.conf", "options hidden 1\n");
        r.conf("notes.txt", "options txt 1\n");
        r.file("modules.softdep", "softdep m pre: n\n");
        StringBuilder err = new StringBuilder();
        ModprobeConfig c = ModprobeConfig.load(r.root, r.modulesDir,
                "psmouse.foo=2 ivrs_acpihid[14:00.5]=AMD0020:00 mod-x.y=1 \"a.b=c d\" e.f=\"g h\""
                        + " modprobe.blacklist=foo-bar,,x module_blacklist=q", new KmodLog("modprobe", err));
        assertEquals(String.join("\n",
                "blacklist evil_mod", "blacklist foo-bar", "blacklist ", "blacklist x",
                "install long   /bin/echo hi there",
                "remove r /bin/true",
                "alias my_alias snd_hda[0-9]",
                "options z 1", "options foo_bar a=1 b=2", "options q x\"y", "options psmouse foo=2",
                "options mod_x y=1", "options a b=\"c d\"", "options e f=\"g h\"",
                "softdep snd_hda pre: a bpost: c d", "softdep x ", "softdep m pre: n") + "\n", c.show());
        String b = r.root.resolve("etc/modprobe.d/b.conf").toString();
        assertEquals(String.join("\n",
                "modprobe: ERROR: " + b + " line 2: ignoring bad line starting with '#'",
                "modprobe: ERROR: " + b + " line 10: ignoring bad line starting with 'bogus'",
                "modprobe: ERROR: " + b + ": command include is deprecated and not parsed anymore",
                "modprobe: ERROR: " + b + " line 12: ignoring bad line starting with 'options'",
                "modprobe: ERROR: Ignoring bad option on kernel command line while parsing module name:"
                        + " 'ivrs_acpihid[14:00'") + "\n", err.toString());
        assertEquals(Set.of("q"), c.kernelBlacklist());
        assertEquals(List.of("a", "b"), c.softdep("snd_hda").orElseThrow().pre());
        assertEquals(List.of("c", "d"), c.softdep("snd_hda").orElseThrow().post());
        assertTrue(c.isBlacklisted("evil_mod"));
        assertFalse(c.isBlacklisted("foo_bar"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "snd_hda_intel | | a=1 c=3",
        "snd_hda_intel | snd-card-0 | a=1 c=3",
        "snd_hda_intel | snd_card_0 | a=1 b=2 c=3",
        "other | | ",
    })
    void optionsForANameOrItsAliasInOrder(String module, String alias, String expected) {
        ModprobeConfig c = ModprobeConfig.parse("snd_hda_intel.c=3", KmodLog.silent("modprobe"),
                "x.conf", "options snd-hda-intel a=1\noptions snd-card-0 b=2\noptions snd_hda_intel\n");
        assertEquals(expected, c.optionsFor(module, alias));
    }

    @Test
    void commandsAndSoftdepsMatchNamesByGlobFirstWins() {
        ModprobeConfig c = ModprobeConfig.parse(null, KmodLog.silent("modprobe"), "x.conf",
                "install snd_* /bin/snd $CMDLINE_OPTS\ninstall snd_hda /bin/never\nremove snd_* /bin/rm-snd\n"
                        + "softdep nvidia* pre: i2c_core\nsoftdep nvidia_drm pre: never\n");
        assertEquals("/bin/snd $CMDLINE_OPTS", c.installCommand("snd_hda"));
        assertEquals("/bin/rm-snd", c.removeCommand("snd_x"));
        assertNull(c.installCommand("ext4"));
        assertEquals(List.of("i2c_core"), c.softdep("nvidia_drm").orElseThrow().pre());
        assertEquals(List.of(new ModprobeConfig.Alias("snd_card_?", "snd_hda")), ModprobeConfig.parse(null,
                KmodLog.silent("modprobe"), "y.conf", "alias snd-card-? snd-hda\n").matchingAliases("snd_card_0"));
    }

    @Test
    void modulesLoadDListsNamesInFileOrder(@TempDir Path dir) throws Exception {
        TestRoot r = new TestRoot(dir);
        java.nio.file.Files.createDirectories(r.root.resolve("etc/modules-load.d"));
        java.nio.file.Files.writeString(r.root.resolve("etc/modules-load.d/b.conf"), "# boot\nloop\n; old\n  dm-mod \n");
        java.nio.file.Files.writeString(r.root.resolve("etc/modules-load.d/a.conf"), "fuse\n\n");
        java.nio.file.Files.writeString(r.root.resolve("etc/modules-load.d/c.txt"), "ignored\n");
        assertEquals(List.of("fuse", "loop", "dm-mod"), ModprobeConfig.modulesToLoad(r.root));
    }
}
