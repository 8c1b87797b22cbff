package org.modkern.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.InvalidSyntaxException;

/** A load that fails anywhere leaves no trace: no bundle, no service, no module, no sysfs. */
@RunWith(PaxExam.class)
public class FailedLoadIT extends KernelTestSupport {

    @Override
    protected void assertNoTrace(String name) {
        super.assertNoTrace(name);
        try {
            assertNull(ctx.getServiceReferences(Runnable.class, "(fixture=" + name + ")").stream().findAny().orElse(null));
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void initReturningAnErrnoLeavesNoTrace() throws Exception {
        Path jar = Fixtures.initModule("failing", "FailingInit").writeTo(root().resolve("fixtures"));
        for (int attempt = 0; attempt < 2; attempt++) {
            // the second attempt proves no stale state: it fails the same way, not with EEXIST
            Run r = sh("insmod " + jar);
            assertEquals(1, r.status());
            assertEquals("insmod: ERROR: could not insert module " + jar + ": Cannot allocate memory\n", r.err());
            assertNoTrace("failing");
        }
        String log = sh("dmesg").out();
        assertTrue(log, log.contains("failing: registered a service, now failing"));
    }

    @Test
    public void initThrowingFailsWithBadAddress() throws Exception {
        Path jar = Fixtures.initModule("throwing", "ThrowingInit").writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Bad address\n", r.err());
        assertTrue(sh("dmesg -l err").out().contains("throwing: init failed: java.lang.IllegalStateException: boom"));
        assertNoTrace("throwing");
    }

    @Test
    public void initThatHangsTimesOut() throws Exception {
        Path jar = Fixtures.initModule("hanging", "HangingInit").writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Connection timed out\n", r.err());
        assertTrue(sh("dmesg").out().contains("hanging: init did not return within 1500 ms"));
        assertNoTrace("hanging");
    }

    @Test
    public void aJarThatIsNoModuleIsAnInvalidFormat() throws Exception {
        Path junk = root().resolve("junk.jar");
        Files.writeString(junk, "this is not a jar");
        Run r = sh("insmod " + junk);
        assertEquals("insmod: ERROR: could not insert module " + junk + ": Invalid module format\n", r.err());
        Path noName = Fixtures.module("x").header("Bundle-SymbolicName", "").writeTo(root().resolve("fixtures"));
        assertEquals(1, sh("insmod " + noName).status());
        assertEquals(EMPTY_LSMOD, sh("lsmod").out());
    }

    @Test
    public void malformedModulesAreInvalidFormatsWithTheReasonInDmesg() throws Exception {
        Path dir = root().resolve("fixtures");
        Path notAFile = Files.createDirectories(root().resolve("adir.jar"));
        assertEquals("insmod: ERROR: could not insert module " + notAFile + ": Is a directory\n",
                sh("insmod " + notAFile).err());
        Path abstractInit = Fixtures.initModule("abstract", "AbstractInit").writeTo(dir);
        assertEquals("insmod: ERROR: could not insert module " + abstractInit + ": Invalid module format\n",
                sh("insmod " + abstractInit).err());
        assertNoTrace("abstract");
        Path floatParam = Fixtures.module("floaty").header("Module-Param", "x;type=float;perm=0644").writeTo(dir);
        assertEquals("insmod: ERROR: could not insert module " + floatParam + ": Invalid module format\n",
                sh("insmod " + floatParam).err());
        assertTrue(dmesgText().contains("\nfloaty: parameter x has unknown type 'float'\n"));
        assertNoTrace("floaty");
        // a module name becomes /sys/module/NAME: no path, no name outside an OSGi symbolic name's
        Path dotty = Fixtures.module("a..b").writeTo(dir);
        assertEquals("insmod: ERROR: could not insert module " + dotty + ": Invalid module format\n",
                sh("insmod " + dotty).err());
        assertTrue(dmesgText().contains("\nmodule: a..b.jar: malformed manifest: invalid module name 'a..b'\n"));
        assertNoTrace("a..b");
        // the framework's own refusal reaches dmesg with its reason, not just its wrapper's
        Path badVersion = Fixtures.module("badver").header("Bundle-Version", "abc").writeTo(dir);
        assertEquals("insmod: ERROR: could not insert module " + badVersion + ": Invalid module format\n",
                sh("insmod " + badVersion).err());
        assertTrue(dmesgText(), dmesgText().contains("\nbadver: invalid module: Could not create bundle object. invalid version \"abc\""));
        assertNoTrace("badver");
    }

    @Test
    public void aJarWhoseManifestReadsTwoWaysIsRefused() throws Exception {
        // the kernel's manifest reader takes the first entry of that name, the framework's zip
        // reader the last: checks passed on one manifest must not run the other
        String common = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: twofaced\r\n"
                + "Bundle-Version: 1.0.0\r\nModule-Vermagic: " + RELEASE + " SMP mod_unload modversions\r\n";
        Path jar = Fixtures.twoManifests(root().resolve("fixtures"), "twofaced",
                common + "Module-License: GPL\r\n\r\n", common + "Module-License: Proprietary\r\n\r\n");
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Invalid module format\n", r.err());
        // refused before the framework reads either: it sizes its buffer by what an entry claims
        assertTrue(sh("dmesg").out().contains("] module: twofaced.jar: not a module: more than one META-INF/MANIFEST.MF\n"));
        assertEquals(null, bundleNamed("twofaced"));
        assertNoTrace("twofaced");
        assertEquals("0\n", sh("cat /proc/sys/kernel/tainted").out());
    }

    @Test
    public void anUnknownSymbolRefusesTheLoad() throws Exception {
        Path jar = Fixtures.module("needy").header("Module-License", "GPL")
                .header("Import-Package", "com.example.nobody.exports.this").writeTo(root().resolve("fixtures"));
        Run r = sh("insmod " + jar);
        assertEquals("insmod: ERROR: could not insert module " + jar + ": Unknown symbol in module\n", r.err());
        assertTrue(sh("dmesg").out().contains("] needy: Unknown symbol com.example.nobody.exports.this (err -2)\n"));
        assertNoTrace("needy");
    }

    @Test
    public void aFailedLoadDoesNotDisturbLoadedModules() throws Exception {
        sh("insmod " + helloJar()).ok();
        Path jar = Fixtures.initModule("failing", "FailingInit").writeTo(root().resolve("fixtures"));
        assertEquals(1, sh("insmod " + jar).status());
        assertTrue(sh("lsmod").out().contains("\nhello "));
        assertFalse(sh("lsmod").out().contains("failing"));
        sh("rmmod hello").ok();
    }
}
