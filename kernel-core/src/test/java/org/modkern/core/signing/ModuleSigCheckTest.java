package org.modkern.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modkern.api.Errno;
import org.modkern.core.loader.LoadCheck;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.manifest.ModuleInfo;

/** module_sig_check()'s decisions: taint, refuse under sig_enforce or lockdown, refuse bad signatures always. */
class ModuleSigCheckTest {

    @TempDir
    Path root;

    private final List<String> log = new ArrayList<>();

    private ModuleSigCheck check(String cmdline) throws Exception {
        Path keys = Files.createDirectories(root.resolve("etc/keys"));
        Files.write(keys.resolve("signing_key.x509"), TestKeys.key("trusted").cert().getEncoded());
        return new ModuleSigCheck(keys, cmdline, new Lockdown(cmdline, (l, t) -> log.add(t)), (l, t) -> log.add(t));
    }

    private LoadCheck.Request request(Path jar, boolean force) throws Exception {
        byte[] image = Files.readAllBytes(jar);
        return new LoadCheck.Request(jar, image, ModuleInfo.fromImage(image, jar), force);
    }

    private Path unsigned() throws Exception {
        return TestKeys.moduleJar(Files.createDirectories(root.resolve("m")), "m");
    }

    private Path signed(String alias) throws Exception {
        return TestKeys.sign(unsigned(), TestKeys.key(alias));
    }

    @Test
    void aTrustedSignaturePassesEvenWhenEnforcing() throws Exception {
        assertTrue(check("module.sig_enforce=1 lockdown=integrity").check(request(signed("trusted"), false)));
    }

    @Test
    void unsignedOrUnknownKeyLoadsTaintedWhenNotEnforcing() throws Exception {
        ModuleSigCheck c = check("quiet");
        assertFalse(c.check(request(unsigned(), false)));
        assertFalse(c.check(request(signed("stranger"), false)));
        // forcing past modversions changes the module: it is no longer the one that was signed
        assertFalse(c.check(request(signed("trusted"), true)));
    }

    @Test
    void sigEnforceRejectsUnsignedAndUnknownKeys() throws Exception {
        ModuleSigCheck c = check("module.sig_enforce=1");
        assertEquals(Errno.EKEYREJECTED, assertThrows(ModuleException.class, () -> c.check(request(unsigned(), false))).errno());
        assertTrue(log.contains("Loading of unsigned module is rejected"), log.toString());
        assertEquals(Errno.EKEYREJECTED,
                assertThrows(ModuleException.class, () -> c.check(request(signed("stranger"), false))).errno());
        assertTrue(log.contains("Loading of module with unavailable key is rejected"), log.toString());
        assertEquals(Errno.EKEYREJECTED, assertThrows(ModuleException.class, () -> c.check(request(signed("trusted"), true))).errno());
    }

    @Test
    void lockdownRefusesUnsignedWithEperm() throws Exception {
        ModuleSigCheck c = check("lockdown=integrity");
        assertEquals(Errno.EPERM, assertThrows(ModuleException.class, () -> c.check(request(unsigned(), false))).errno());
        assertTrue(log.contains("Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7"), log.toString());
        ModuleSigCheck conf = check("lockdown=confidentiality");
        assertEquals(Errno.EPERM, assertThrows(ModuleException.class, () -> conf.check(request(unsigned(), false))).errno());
    }

    @Test
    void aBadSignatureIsRefusedEvenWhenNotEnforcing() throws Exception {
        Path jar = signed("trusted");
        Path bad = root.resolve("bad.jar");
        Files.write(bad, TestKeys.rewrite(jar, Map.of("org/example/data.txt", "x".getBytes())));
        assertEquals(Errno.EKEYREJECTED, assertThrows(ModuleException.class, () -> check("").check(request(bad, false))).errno());
    }

    @Test
    void sigEnforceSwitchesOnOnly() throws Exception {
        ModuleSigCheck c = check("");
        assertEquals("N\n", c.file().read());
        assertEquals(Errno.EINVAL, assertThrows(ModuleException.class, () -> c.file().write("maybe")).errno());
        c.file().write("N");
        c.file().write("Y");
        assertEquals("Y\n", c.file().read());
        assertTrue(c.enforced());
        assertEquals(Errno.EROFS, assertThrows(ModuleException.class, () -> c.file().write("0")).errno());
        assertEquals("Y\n", check("module.sig_enforce").file().read());
        assertEquals("N\n", check("module.sig_enforce=0").file().read());
    }

    @Test
    void lockdownReadsLikeLinuxAndOnlyRises() throws Exception {
        Lockdown l = new Lockdown("ro quiet", (lv, t) -> log.add(t));
        assertEquals("[none] integrity confidentiality\n", l.file().read());
        l.file().write("integrity\n");
        assertEquals("none [integrity] confidentiality\n", l.file().read());
        assertTrue(log.contains("Kernel is locked down from securityfs; see man kernel_lockdown.7"));
        assertEquals(Errno.EPERM, assertThrows(ModuleException.class, () -> l.file().write("none")).errno());
        assertEquals(Errno.EPERM, assertThrows(ModuleException.class, () -> l.file().write("integrity")).errno());
        assertEquals(Errno.EINVAL, assertThrows(ModuleException.class, () -> l.file().write("full")).errno());
        l.file().write("confidentiality");
        assertEquals("none integrity [confidentiality]\n", l.file().read());
        assertEquals("none integrity [confidentiality]\n", new Lockdown("lockdown=confidentiality", (lv, t) -> { }).file().read());
    }
}
