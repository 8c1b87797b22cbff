// The builtin trusted keyring: the X.509 certificates in ROOT/etc/keys.
package org.modkern.core.signing;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_NOTICE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.modkern.core.log.Printer;

/**
 * The kernel's {@code .builtin_trusted_keys}: every X.509 certificate (PEM or DER, several to a
 * file allowed) in a directory. A module signer is trusted if its certificate is one of these or
 * chains to one, each link's signature checked, as {@code pkcs7_validate_trust()} walks it.
 */
public final class Keyring {

    private final List<X509Certificate> certs;

    public Keyring(List<X509Certificate> certs) {
        this.certs = List.copyOf(certs);
    }

    /** Reads the certificates in {@code dir} (none if it is missing); a file that is no certificate is logged and skipped. */
    public static Keyring load(Path dir, Printer log) {
        List<X509Certificate> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Keyring(out);
        }
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(files::add);
        } catch (IOException e) {
            log.printk(KERN_ERR, "Problem loading in-kernel X.509 certificates (%s)", e.getMessage());
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f) || f.getFileName().toString().startsWith(".")) {
                continue;
            }
            try (InputStream in = Files.newInputStream(f)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    X509Certificate x = (X509Certificate) c;
                    out.add(x);
                    log.printk(KERN_NOTICE, "Loaded X.509 cert '%s: %s'", Certs.commonName(x.getSubjectX500Principal()),
                            x.getSerialNumber().toString(16));
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.printk(KERN_ERR, "Problem loading in-kernel X.509 certificate (%s: %s)", f.getFileName(), e.getMessage());
            }
        }
        return new Keyring(out);
    }

    /** The trusted certificates. */
    public List<X509Certificate> certificates() {
        return certs;
    }

    /**
     * The trusted certificate a signer's chain (signer first, as a {@code CodeSigner} gives it)
     * reaches, or null. Each step to an issuer is taken only if the issuer's key verifies it.
     */
    public X509Certificate trustedFor(List<? extends Certificate> path) {
        for (int i = 0; i < path.size(); i++) {
            if (!(path.get(i) instanceof X509Certificate c)) {
                return null;
            }
            if (certs.contains(c)) {
                return c;
            }
            for (X509Certificate t : certs) {
                if (t.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, t)) {
                    return t;
                }
            }
            if (i + 1 >= path.size() || !(path.get(i + 1) instanceof X509Certificate next) || !signedBy(c, next)) {
                return null;
            }
        }
        return null;
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
