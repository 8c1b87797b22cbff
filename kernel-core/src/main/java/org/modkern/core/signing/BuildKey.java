// The build's module signing: the throwaway key keytool made signs the catalog (Linux's modules_sign).
package org.modkern.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Linux's build does with {@code certs/signing_key.pem} when {@code CONFIG_MODULE_SIG_ALL}
 * is set: signs every module of the catalog with the key made for this build, and builds its
 * certificate into the trusted keyring. The key comes from a PKCS#12 store that keytool made;
 * it is also written as {@code signing_key.pem} and {@code signing_key.x509} beside the store,
 * for {@code modsign}. The private key never leaves the build directory.
 */
public final class BuildKey {

    private BuildKey() {
    }

    /** usage: {@code BuildKey STORE.p12 PASSWORD ALIAS KEYS_DIR CATALOG_DIR} */
    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        char[] pass = args[1].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        PrivateKey key = (PrivateKey) ks.getKey(args[2], pass);
        X509Certificate cert = (X509Certificate) ks.getCertificate(args[2]);
        Path certs = store.toAbsolutePath().getParent();
        write(certs.resolve("signing_key.pem"), "PRIVATE KEY", key.getEncoded());
        write(certs.resolve("signing_key.x509"), "CERTIFICATE", cert.getEncoded());
        Path keys = Path.of(args[3]);
        Files.createDirectories(keys);
        Files.copy(certs.resolve("signing_key.x509"), keys.resolve("signing_key.x509"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Path> jars;
        try (Stream<Path> s = Files.walk(Path.of(args[4]))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        ModuleSigner signer = new ModuleSigner("sha256", key, cert);
        for (Path jar : jars) {
            signer.sign(jar, jar);
        }
        System.out.println("modsign: " + jars.size() + " modules signed with " + certs.resolve("signing_key.x509"));
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
