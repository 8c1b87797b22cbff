// Small helpers over keys and certificates: PEM private keys, names, kmod's hex.
package org.modkern.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Reading keys and certificates as {@code scripts/sign-file} takes them, and naming them as kmod prints them. */
public final class Certs {

    private Certs() {
    }

    /** A PEM {@code PRIVATE KEY} (PKCS#8, unencrypted) file holding an RSA or EC key. */
    public static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new GeneralSecurityException("no PEM PKCS#8 private key (BEGIN PRIVATE KEY) in " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not an RSA or EC private key: " + pem, last);
    }

    /** An X.509 certificate file, PEM or DER. */
    public static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The name's CN, as kmod names a signer; the whole name if it has none. */
    public static String commonName(X500Principal name) {
        try {
            for (Rdn rdn : new LdapName(name.getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the whole name
        }
        return name.getName();
    }

    /** Bytes as kmod's modinfo shows them: {@code 01:AB:...}, a new line every 20 bytes. */
    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            sb.append(String.format("%02X", bytes[i] & 0xff));
            if (i < bytes.length - 1) {
                sb.append(':');
                if ((i + 1) % 20 == 0) {
                    sb.append("\n\t\t");
                }
            }
        }
        return sb.toString();
    }
}
