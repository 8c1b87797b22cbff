// What kmod's modinfo shows of a module signature: sig_id, signer, sig_key, sig_hashalgo, signature.
package org.modkern.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.security.auth.x500.X500Principal;

/**
 * The first signer of a signed module jar as kmod reads a PKCS#7 module signature, without
 * verifying it: the issuer's CN ({@code signer}), the certificate serial number
 * ({@code sig_key}), the digest ({@code sig_hashalgo}) and the signature bytes.
 *
 * @param signer the CN of the signing certificate's issuer
 * @param serial the signing certificate's serial number
 * @param hashAlgo {@code sha256} and the like
 * @param signature the signature value
 */
public record SignatureInfo(String signer, byte[] serial, String hashAlgo, byte[] signature) {

    /** Digest OIDs and kmod's (OpenSSL's) names for them. */
    private static final Map<String, String> DIGESTS = Map.of(
            "1.3.14.3.2.26", "sha1",
            "2.16.840.1.101.3.4.2.1", "sha256",
            "2.16.840.1.101.3.4.2.2", "sha384",
            "2.16.840.1.101.3.4.2.3", "sha512",
            "2.16.840.1.101.3.4.2.4", "sha224");

    /** The signature of a module jar: its first signature block file; null if it has none or it does not parse. */
    public static SignatureInfo of(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            ZipEntry block = null;
            for (Enumeration<? extends ZipEntry> en = jf.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                String n = e.getName().toUpperCase(Locale.ROOT);
                if (ModuleSignature.signatureFile(n) && (n.endsWith(".RSA") || n.endsWith(".EC") || n.endsWith(".DSA"))
                        && (block == null || e.getName().compareTo(block.getName()) < 0)) {
                    block = e;
                }
            }
            if (block == null) {
                return null;
            }
            try (InputStream in = jf.getInputStream(block)) {
                return parse(in.readAllBytes());
            }
        }
    }

    /** Reads a DER PKCS#7 SignedData's first SignerInfo; null if it is not one. */
    static SignatureInfo parse(byte[] der) {
        try {
            Der contentInfo = new Der(der, 0).enter();         // ContentInfo SEQUENCE
            Der signedData = contentInfo.next().enter().enter(); // [0] EXPLICIT, SignedData SEQUENCE
            Der item = signedData.next().next().next();           // after version, digestAlgorithms, contentInfo
            while (item.tag != 0x31) {                            // skip [0] certificates, [1] crls
                item = item.next();
            }
            Der si = item.enter().enter();                        // signerInfos SET, first SignerInfo
            Der issuerAndSerial = si.next();
            Der issuer = issuerAndSerial.enter();
            Der serial = issuer.next();
            Der digestAlg = issuerAndSerial.next();
            Der after = digestAlg.next();
            if (after.tag == 0xa0) {                              // authenticated attributes
                after = after.next();
            }
            Der sig = after.next();                               // after digestEncryptionAlgorithm
            String oid = digestAlg.enter().oid();
            String signer = Certs.commonName(new X500Principal(issuer.encoded()));
            return new SignatureInfo(signer, new BigInteger(serial.content()).toByteArray(),
                    DIGESTS.getOrDefault(oid, oid), sig.content());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** kmod's {@code sig_id} of a PKCS#7 signature. */
    public String sigId() {
        return "PKCS#7";
    }

    /** The serial as kmod prints {@code sig_key}: its bytes without a sign byte, hex and colons. */
    public String sigKey() {
        byte[] s = serial;
        if (s.length > 1 && s[0] == 0) {
            s = Arrays.copyOfRange(s, 1, s.length);
        }
        return Certs.hex(s);
    }

    /** One DER element: its tag and where its header and content lie in the buffer. */
    private record Der(byte[] buf, int start, int tag, int off, int len) {
        Der(byte[] buf, int start) {
            this(buf, start, buf[start] & 0xff, headerEnd(buf, start), length(buf, start));
        }

        private static int headerEnd(byte[] b, int start) {
            int l = b[start + 1] & 0xff;
            return start + 2 + (l < 0x80 ? 0 : l & 0x7f);
        }

        private static int length(byte[] b, int start) {
            int l = b[start + 1] & 0xff;
            if (l < 0x80) {
                return l;
            }
            int n = 0;
            for (int i = 0; i < (l & 0x7f); i++) {
                n = (n << 8) | (b[start + 2 + i] & 0xff);
            }
            return n;
        }

        /** The first element inside this one. */
        Der enter() {
            return new Der(buf, off);
        }

        /** The element after this one. */
        Der next() {
            return new Der(buf, off + len);
        }

        byte[] content() {
            return Arrays.copyOfRange(buf, off, off + len);
        }

        byte[] encoded() {
            return Arrays.copyOfRange(buf, start, off + len);
        }

        /** This OBJECT IDENTIFIER in dotted form. */
        String oid() {
            StringBuilder sb = new StringBuilder();
            sb.append((buf[off] & 0xff) / 40).append('.').append((buf[off] & 0xff) % 40);
            long v = 0;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 7) | (buf[i] & 0x7f);
                if ((buf[i] & 0x80) == 0) {
                    sb.append('.').append(v);
                    v = 0;
                }
            }
            return sb.toString();
        }
    }
}
