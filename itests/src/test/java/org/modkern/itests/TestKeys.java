package org.modkern.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A signing key made for a test, as a user makes one for {@code modsign}: keytool (the JDK has no
 * API that makes certificates) writes a self-signed key pair, exported as a PEM PKCS#8
 * {@code NAME.pem} and a PEM X.509 {@code NAME.x509}.
 */
final class TestKeys {

    private TestKeys() {
    }

    /** Makes {@code dir/NAME.pem} and {@code dir/NAME.x509} for a key whose CN is {@code cn}. */
    static void make(Path dir, String name, String cn) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-dname", "CN=" + cn)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            pem(dir.resolve(name + ".pem"), "PRIVATE KEY", ks.getKey(name, "changeit".toCharArray()).getEncoded());
            pem(dir.resolve(name + ".x509"), "CERTIFICATE", ks.getCertificate(name).getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void pem(Path file, String type, byte[] der) throws IOException {
        Files.write(file, List.of("-----BEGIN " + type + "-----",
                Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der), "-----END " + type + "-----"));
    }
}
