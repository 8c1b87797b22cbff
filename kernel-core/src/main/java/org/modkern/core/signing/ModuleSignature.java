// Verifies a module image's JAR signature against the trusted keyring (Linux's mod_verify_sig).
package org.modkern.core.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.modkern.api.Errno;

/**
 * A module jar's signature, checked the way Linux checks an appended module signature: the
 * signature must cover the whole module (every entry but the signature files themselves), and
 * the signer must be in the {@link Keyring}. One errno per outcome, as {@code signing.c}:
 * ENODATA unsigned, ENOKEY signed by a key the kernel does not hold, EKEYREJECTED a signature
 * that does not match the module (an entry changed, added or unsigned), EBADMSG signature files
 * that hold no usable signature.
 */
public final class ModuleSignature {

    /** The outcome: errno 0 and the trusted certificate it reached, or the errno and why. */
    public record Result(int errno, String reason, X509Certificate trusted) {
        public boolean ok() {
            return errno == 0;
        }
    }

    private ModuleSignature() {
    }

    /** True for the files a JAR signature consists of: {@code META-INF/*.SF}, its block files and the manifest. */
    public static boolean signatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', 9) >= 0) {
            return false;
        }
        return n.equals(JarFile.MANIFEST_NAME) || n.startsWith("META-INF/SIG-") || n.endsWith(".SF")
                || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC");
    }

    /**
     * Verifies the module bytes. They are written to a scratch file and read through its zip
     * central directory, as the framework will read the installed bundle.
     */
    public static Result verify(byte[] image, Keyring keys) throws IOException {
        Path tmp = Files.createTempFile("modsig", ".jar");
        try {
            Files.write(tmp, image);
            return verify(tmp, keys);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Verifies a module file. */
    public static Result verify(Path jar, Keyring keys) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ)) {
            if (!hasSignatureFiles(jf)) {
                return new Result(Errno.ENODATA, "unsigned module", null);
            }
            return verifyEntries(jf, keys);
        } catch (SecurityException e) {
            return new Result(Errno.EKEYREJECTED, e.getMessage(), null);
        }
    }

    private static boolean hasSignatureFiles(JarFile jf) {
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements();) {
            String n = en.nextElement().getName();
            if (signatureFile(n) && !n.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                return true;
            }
        }
        return false;
    }

    private static Result verifyEntries(JarFile jf, Keyring keys) throws IOException {
        // the signers that signed every entry so far; null before the first entry
        Set<X509Certificate> common = null;
        String unsigned = null;
        byte[] buf = new byte[8192];
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements();) {
            JarEntry e = en.nextElement();
            if (signatureFile(e.getName()) || e.isDirectory() && e.getSize() == 0) {
                continue;
            }
            // the digest is checked as the entry is read to its end; a mismatch throws
            try (InputStream in = jf.getInputStream(e)) {
                while (in.read(buf) >= 0) {
                    // read to the end
                }
            }
            Set<X509Certificate> signers = new LinkedHashSet<>();
            CodeSigner[] cs = e.getCodeSigners();
            if (cs != null) {
                for (CodeSigner s : cs) {
                    if (s.getSignerCertPath().getCertificates().get(0) instanceof X509Certificate x) {
                        signers.add(x);
                    }
                }
            }
            if (signers.isEmpty() && unsigned == null) {
                unsigned = e.getName();
            }
            if (common == null) {
                common = signers;
            } else {
                common.retainAll(signers);
            }
        }
        if (common == null) {
            return new Result(Errno.EBADMSG, "signature covers no entry", null);
        }
        if (unsigned != null) {
            boolean anySigned = hasSigner(jf);
            return anySigned
                    ? new Result(Errno.EKEYREJECTED, "entry " + unsigned + " is not signed", null)
                    : new Result(Errno.EBADMSG, "signature files hold no usable signature", null);
        }
        if (common.isEmpty()) {
            return new Result(Errno.EKEYREJECTED, "no one signer signed every entry", null);
        }
        for (CodeSigner s : signersOf(jf)) {
            if (common.contains(s.getSignerCertPath().getCertificates().get(0))) {
                X509Certificate t = keys.trustedFor(s.getSignerCertPath().getCertificates());
                if (t != null) {
                    return new Result(0, null, t);
                }
            }
        }
        return new Result(Errno.ENOKEY, "module with unavailable key", null);
    }

    private static boolean hasSigner(JarFile jf) {
        return !signersOf(jf).isEmpty();
    }

    /** Every code signer of any entry (entries already read). */
    private static Set<CodeSigner> signersOf(JarFile jf) {
        Set<CodeSigner> out = new LinkedHashSet<>();
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements();) {
            CodeSigner[] cs = en.nextElement().getCodeSigners();
            if (cs != null) {
                out.addAll(java.util.List.of(cs));
            }
        }
        return out;
    }
}
