// Signs a module jar, as Linux's scripts/sign-file signs a .ko: the JDK's jarsigner API.
package org.modkern.core.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * Signs module jars with one key: every entry, with a {@code META-INF/MODSIGN.SF} and its
 * {@code .RSA} or {@code .EC} block, through {@code jdk.security.jarsigner}.
 */
public final class ModuleSigner {

    /** The signature files' base name. */
    public static final String SIGNER_NAME = "MODSIGN";

    private final JarSigner signer;

    /**
     * @param hashAlgo sign-file's hash name: {@code sha256}, {@code sha384}, {@code sha512}, {@code sha224}
     * @throws IllegalArgumentException for an unknown hash or a key the certificate does not match
     */
    public ModuleSigner(String hashAlgo, PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String digest = digestName(hashAlgo);
        String sigAlg = digest.replace("-", "") + "with" + ("EC".equals(key.getAlgorithm()) ? "ECDSA" : key.getAlgorithm());
        matches(sigAlg, key, cert);
        this.signer = new JarSigner.Builder(key, CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)))
                .digestAlgorithm(digest)
                .signatureAlgorithm(sigAlg)
                .signerName(SIGNER_NAME)
                .build();
    }

    /** Refuses a key that is not the certificate's: every module it signed would be rejected at load. */
    private static void matches(String sigAlg, PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        byte[] probe = "modsign".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean ok;
        try {
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(probe);
            ok = s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            // an RSA key with an EC certificate and the like
            ok = false;
        }
        if (!ok) {
            throw new GeneralSecurityException("key does not match the certificate " + cert.getSubjectX500Principal());
        }
    }

    /** The JDK's name of a sign-file hash name. */
    static String digestName(String hashAlgo) {
        switch (hashAlgo.toLowerCase(Locale.ROOT)) {
            case "sha224":
                return "SHA-224";
            case "sha256":
                return "SHA-256";
            case "sha384":
                return "SHA-384";
            case "sha512":
                return "SHA-512";
            default:
                throw new IllegalArgumentException("unsupported hash algorithm " + hashAlgo);
        }
    }

    /** Signs {@code module} into {@code dest} (the same path signs in place, through a temporary file). */
    public void sign(Path module, Path dest) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".modsign", ".jar");
        try {
            try (ZipFile in = new ZipFile(module.toFile()); OutputStream out = Files.newOutputStream(tmp)) {
                signer.sign(in, out);
            } catch (jdk.security.jarsigner.JarSignerException e) {
                throw new IOException(e.getMessage(), e);
            }
            // the temporary file is private (0600); the signed module keeps the mode the module had
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(module));
            } catch (UnsupportedOperationException e) {
                // no POSIX modes here: nothing to keep
            }
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Signs every module jar named, with a PEM PKCS#8 key and an X.509 certificate: what the
     * build runs over the catalog (Linux's {@code modules_sign}).
     * usage: {@code ModuleSigner HASHALGO KEY CERT MODULE.jar...}
     */
    public static void main(String[] args) throws Exception {
        ModuleSigner s = new ModuleSigner(args[0], Certs.privateKey(Path.of(args[1])), Certs.certificate(Path.of(args[2])));
        for (int i = 3; i < args.length; i++) {
            s.sign(Path.of(args[i]), Path.of(args[i]));
        }
    }
}
