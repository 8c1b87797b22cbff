// The modsign command: signs a module jar, Linux's scripts/sign-file.
package org.modkern.core.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.modkern.api.Errno;
import org.modkern.core.signing.Certs;
import org.modkern.core.signing.ModuleSigner;

/**
 * {@code modsign HASHALGO KEY CERT MODULE.jar [DEST.jar]}: signs a module with a PEM PKCS#8
 * private key and its X.509 certificate, in place unless DEST is given, as
 * {@code scripts/sign-file sha256 signing_key.pem signing_key.x509 module.ko} does.
 */
public final class Modsign {

    @Descriptor("sign a kernel module: modsign HASHALGO KEY CERT MODULE [DEST]")
    public void modsign(CommandSession session,
            @Descriptor("hash algorithm (sha256, sha384, sha512, sha224), private key (PEM PKCS#8), certificate (PEM or DER), module, destination")
            String... args) {
        if (args.length < 4 || args.length > 5) {
            throw CommandFailed.fail("Usage: modsign <hash algo> <key> <x509> <module> [<dest>]");
        }
        Path key = Commands.resolve(session, args[1]);
        Path cert = Commands.resolve(session, args[2]);
        Path module = Commands.resolve(session, args[3]);
        Path dest = args.length == 5 ? Commands.resolve(session, args[4]) : module;
        for (Path p : new Path[] {key, cert, module}) {
            if (!Files.isRegularFile(p)) {
                throw CommandFailed.fail("modsign: " + p + ": " + Errno.strerror(Errno.ENOENT));
            }
        }
        try {
            new ModuleSigner(args[0], Certs.privateKey(key), Certs.certificate(cert)).sign(module, dest);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw CommandFailed.fail("modsign: " + e.getMessage());
        } catch (IOException e) {
            throw CommandFailed.fail("modsign: " + module + ": " + e.getMessage());
        } catch (NoClassDefFoundError e) {
            throw CommandFailed.fail("modsign: this Java runtime has no jdk.security.jarsigner (module jdk.jartool)");
        }
    }
}
