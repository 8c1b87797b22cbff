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
import org.modkern.core.loader.ModuleException;

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

    /** True if the module loads signed, false if it loads tainted E. */
    private static boolean loads(ModuleSigCheck c, Path jar, boolean force) throws Exception {
        return c.check("m", Files.readAllBytes(jar), force);
    }

    /** The errno the check refuses the module with. */
    private static int refused(ModuleSigCheck c, Path jar, boolean force) throws Exception {
        byte[] image = Files.readAllBytes(jar);
        return assertThrows(ModuleException.class, () -> c.check("m", image, force)).errno();
    }

    private Path unsigned() throws Exception {
        return TestKeys.moduleJar(Files.createDirectories(root.resolve("m")), "m");
    }

    private Path signed(String alias) throws Exception {
        return TestKeys.sign(unsigned(), TestKeys.key(alias));
    }

    @Test
    void aTrustedSignaturePassesEvenWhenEnforcing() throws Exception {
        assertTrue(loads(check("module.sig_enforce=1 lockdown=integrity"), signed("trusted"), false));
    }

    @Test
    void unsignedOrUnknownKeyLoadsTaintedWhenNotEnforcing() throws Exception {
        ModuleSigCheck c = check("quiet");
        assertFalse(loads(c, unsigned(), false));
        assertFalse(loads(c, signed("stranger"), false));
        // forcing past modversions changes the module: it is no longer the one that was signed
        assertFalse(loads(c, signed("trusted"), true));
    }

    @Test
    void sigEnforceRejectsUnsignedAndUnknownKeys() throws Exception {
        ModuleSigCheck c = check("module.sig_enforce=1");
        assertEquals(Errno.EKEYREJECTED, refused(c, unsigned(), false));
        assertTrue(log.contains("Loading of unsigned module is rejected"), log.toString());
        assertEquals(Errno.EKEYREJECTED, refused(c, signed("stranger"), false));
        assertTrue(log.contains("Loading of module with unavailable key is rejected"), log.toString());
        assertEquals(Errno.EKEYREJECTED, refused(c, signed("trusted"), true));
    }

    @Test
    void lockdownRefusesUnsignedWithEperm() throws Exception {
        assertEquals(Errno.EPERM, refused(check("lockdown=integrity"), unsigned(), false));
        assertTrue(log.contains("Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7"), log.toString());
        assertEquals(Errno.EPERM, refused(check("lockdown=confidentiality"), unsigned(), false));
    }

    @Test
    void aBadSignatureIsRefusedEvenWhenNotEnforcing() throws Exception {
        Path bad = root.resolve("bad.jar");
        Files.write(bad, TestKeys.rewrite(signed("trusted"), Map.of("org/example/data.txt", "x".getBytes())));
        assertEquals(Errno.EKEYREJECTED, refused(check(""), bad, false));
    }

    @Test
    void theOutcomeKeptForAnImageIsThatImagesOnly() throws Exception {
        ModuleSigCheck c = check("");
        Path good = signed("trusted");
        Path bad = root.resolve("bad.jar");
        Files.write(bad, TestKeys.rewrite(good, Map.of("org/example/data.txt", "x".getBytes())));
        assertTrue(loads(c, good, false));
        assertEquals(Errno.EKEYREJECTED, refused(c, bad, false));
        assertTrue(loads(c, good, false));
        assertEquals(Errno.EKEYREJECTED, refused(c, bad, false));
        // a forced load of the image verified a moment ago still counts as unsigned
        assertFalse(loads(c, good, true));
        // and the kept outcome meets the decision of the moment: enforcing refuses an unsigned image seen before
        Path plain = unsigned();
        assertFalse(loads(c, plain, false));
        c.file().write("Y");
        assertEquals(Errno.EKEYREJECTED, refused(c, plain, false));
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

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtSigning() throws Exception {
        assertThrows(java.security.GeneralSecurityException.class,
                () -> new ModuleSigner("sha256", TestKeys.key("trusted").key(), TestKeys.key("stranger").cert()));
    }
}
