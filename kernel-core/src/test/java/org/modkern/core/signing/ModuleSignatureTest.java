package org.modkern.core.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modkern.api.Errno;

/** A module jar's signature against the trusted keyring: one errno per outcome, as signing.c. */
class ModuleSignatureTest {

    @TempDir
    Path dir;

    private Keyring trusting(String... aliases) throws Exception {
        List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
        for (String a : aliases) {
            certs.add(TestKeys.key(a).cert());
        }
        return new Keyring(certs);
    }

    private ModuleSignature.Result verify(byte[] image, Keyring keys) throws Exception {
        return ModuleSignature.verify(image, keys);
    }

    private byte[] signed(String name, String alias) throws Exception {
        return Files.readAllBytes(TestKeys.sign(TestKeys.moduleJar(dir, name), TestKeys.key(alias)));
    }

    private void assertVerifies(String signer, String trusted) throws Exception {
        ModuleSignature.Result r = verify(signed("m", signer), trusting(trusted));
        assertTrue(r.ok(), r.reason());
        assertEquals(TestKeys.key(trusted).cert(), r.trusted());
    }

    @Test
    void signedByATrustedKeyVerifies() throws Exception {
        assertVerifies("trusted", "trusted");
        assertVerifies("ec", "ec");
    }

    @Test
    void aSignerWhoseIssuerIsTrustedVerifies() throws Exception {
        assertVerifies("leaf", "ca");
    }

    @Test
    void unsignedIsEnodata() throws Exception {
        byte[] jar = Files.readAllBytes(TestKeys.moduleJar(dir, "m"));
        assertEquals(Errno.ENODATA, verify(jar, trusting("trusted")).errno());
    }

    @Test
    void anUnknownKeyIsEnokey() throws Exception {
        assertEquals(Errno.ENOKEY, verify(signed("m", "stranger"), trusting("trusted")).errno());
        assertEquals(Errno.ENOKEY, verify(signed("n", "trusted"), new Keyring(List.of())).errno());
    }

    @Test
    void anEntryChangedAfterSigningIsRejected() throws Exception {
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), TestKeys.key("trusted"));
        byte[] doctored = TestKeys.rewrite(jar, Map.of("org/example/data.txt", "evil\n".getBytes()));
        assertEquals(Errno.EKEYREJECTED, verify(doctored, trusting("trusted")).errno());
    }

    @Test
    void anUnsignedEntryAddedAfterSigningIsRejected() throws Exception {
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), TestKeys.key("trusted"));
        byte[] doctored = TestKeys.rewrite(jar, Map.of("org/example/B.class", new byte[] {1}));
        ModuleSignature.Result r = verify(doctored, trusting("trusted"));
        assertEquals(Errno.EKEYREJECTED, r.errno());
        assertTrue(r.reason().contains("org/example/B.class"), r.reason());
    }

    @Test
    void aManifestHeaderChangedAfterSigningIsRejected() throws Exception {
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), TestKeys.key("trusted"));
        String mf;
        try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar.toFile())) {
            mf = new String(jf.getInputStream(jf.getEntry("META-INF/MANIFEST.MF")).readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] doctored = TestKeys.rewrite(jar, Map.of("META-INF/MANIFEST.MF",
                mf.replace("Module-License: GPL", "Module-License: MIT").getBytes(StandardCharsets.UTF_8)));
        assertEquals(Errno.EKEYREJECTED, verify(doctored, trusting("trusted")).errno());
    }

    @Test
    void signingInPlaceKeepsTheModulesMode() throws Exception {
        Path jar = TestKeys.moduleJar(dir, "m");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(jar, mode);
        TestKeys.sign(jar, TestKeys.key("trusted"));
        assertEquals(mode, Files.getPosixFilePermissions(jar));
        assertEquals(0, verify(Files.readAllBytes(jar), trusting("trusted")).errno());
    }

    @Test
    void removingTheSignatureFilesLeavesAnUnsignedModule() throws Exception {
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), TestKeys.key("trusted"));
        Map<String, byte[]> drop = new HashMap<>();
        drop.put("META-INF/MODSIGN.SF", null);
        drop.put("META-INF/MODSIGN.RSA", null);
        assertEquals(Errno.ENODATA, verify(TestKeys.rewrite(jar, drop), trusting("trusted")).errno());
    }

    @Test
    void aSignatureBlockThatDoesNotParseIsEbadmsg() throws Exception {
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), TestKeys.key("trusted"));
        byte[] doctored = TestKeys.rewrite(jar, Map.of("META-INF/MODSIGN.RSA", new byte[] {0x30, 0x03, 1, 2, 3}));
        assertEquals(Errno.EBADMSG, verify(doctored, trusting("trusted")).errno());
    }

    @Test
    void signatureInfoReadsLikeKmod() throws Exception {
        TestKeys.Key k = TestKeys.key("leaf");
        Path jar = TestKeys.sign(TestKeys.moduleJar(dir, "m"), k);
        SignatureInfo info = SignatureInfo.of(jar);
        // kmod's signer is the issuer's CN
        assertEquals("ca test key", info.signer());
        assertEquals("sha256", info.hashAlgo());
        assertEquals(Certs.hex(new java.math.BigInteger(1, k.cert().getSerialNumber().toByteArray()).toByteArray())
                .replaceFirst("^00:", ""), info.sigKey());
        assertTrue(info.signature().length >= 256);
        assertNull(SignatureInfo.of(TestKeys.moduleJar(dir, "plain")));
    }

    @Test
    void keyringReadsPemAndDerAndSkipsJunk() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.write(keys.resolve("a.der"), TestKeys.key("trusted").cert().getEncoded());
        Files.writeString(keys.resolve("b.pem"), "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(TestKeys.key("ca").cert().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keys.resolve("junk.txt"), "not a certificate");
        List<String> log = new java.util.ArrayList<>();
        Keyring ring = Keyring.load(keys, (level, text) -> log.add(text));
        assertEquals(List.of(TestKeys.key("trusted").cert(), TestKeys.key("ca").cert()), ring.certificates());
        assertTrue(log.get(0).startsWith("Loaded X.509 cert 'trusted test key: "), log.toString());
        assertTrue(log.get(2).contains("junk.txt"), log.toString());
    }
}
