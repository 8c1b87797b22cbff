// Signing keys for tests, made with the JDK's keytool (the JDK has no API that makes certificates).
package org.modkern.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One keystore a test run shares: {@code trusted} and {@code stranger} self-signed keys, an EC
 * key, and {@code leaf}, whose certificate a {@code ca} key signed. Also builds and doctors jars.
 */
final class TestKeys {

    static final String PASS = "changeit";
    private static Path store;

    private TestKeys() {
    }

    /** A key and its certificate chain, signer first. */
    record Key(PrivateKey key, X509Certificate cert, List<X509Certificate> chain) {
    }

    static synchronized Key key(String alias) throws Exception {
        if (store == null) {
            Path dir = Files.createTempDirectory("modkern-keys-");
            Path s = dir.resolve("keys.p12");
            genkey(s, "trusted", "RSA");
            genkey(s, "stranger", "RSA");
            genkey(s, "ec", "EC");
            genkey(s, "ca", "RSA");
            genkey(s, "leaf", "RSA");
            Path req = dir.resolve("leaf.csr");
            Path signed = dir.resolve("leaf.pem");
            keytool("-certreq", "-keystore", s.toString(), "-storepass", PASS, "-alias", "leaf", "-file", req.toString());
            keytool("-gencert", "-keystore", s.toString(), "-storepass", PASS, "-alias", "ca", "-rfc",
                    "-infile", req.toString(), "-outfile", signed.toString());
            // the reply holds the leaf certificate; keytool links it to the CA's already in the store
            keytool("-importcert", "-keystore", s.toString(), "-storepass", PASS, "-alias", "leaf", "-noprompt",
                    "-file", signed.toString());
            store = s;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new Key((PrivateKey) ks.getKey(alias, PASS.toCharArray()), chain.get(0), chain);
    }

    private static void genkey(Path store, String alias, String alg) throws IOException, InterruptedException {
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS,
                "-alias", alias, "-keyalg", alg, "-keysize", alg.equals("EC") ? "256" : "2048",
                "-validity", "3650", "-dname", "CN=" + alias + " test key, O=modkern");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + cmd + "\n" + out);
        }
    }

    /** A small module jar: a manifest and two entries. */
    static Path moduleJar(Path dir, String name) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Module-License", "GPL");
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("org/example/"));
            out.putNextEntry(new JarEntry("org/example/A.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2, 3});
            out.putNextEntry(new JarEntry("org/example/data.txt"));
            out.write("hello\n".getBytes());
        }
        return jar;
    }

    /** Signs a jar in place with a key. */
    static Path sign(Path jar, Key k) throws IOException, GeneralSecurityException {
        new ModuleSigner("sha256", k.key(), k.cert()).sign(jar, jar);
        return jar;
    }

    /**
     * Rewrites a jar entry by entry: {@code changes} maps a name to its new content, or to null
     * to drop it; names not in the jar are added.
     */
    static byte[] rewrite(Path jar, Map<String, byte[]> changes) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                seen.add(e.getName());
                byte[] data = changes.containsKey(e.getName()) ? changes.get(e.getName()) : in.readAllBytes();
                if (data != null) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(data);
                }
            }
            for (Map.Entry<String, byte[]> c : changes.entrySet()) {
                if (!seen.contains(c.getKey()) && c.getValue() != null) {
                    out.putNextEntry(new ZipEntry(c.getKey()));
                    out.write(c.getValue());
                }
            }
        }
        return bytes.toByteArray();
    }
}
