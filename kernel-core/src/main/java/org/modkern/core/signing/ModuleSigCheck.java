// The signature step of the load pipeline, Linux's module_sig_check().
package org.modkern.core.signing;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_NOTICE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.log.Printer;
import org.modkern.core.sysfs.KernelFs;

/**
 * Checks a module image's signature before anything else of the load, as Linux's
 * {@code module_sig_check()}: a good signature by a trusted key passes; an unsigned module, or
 * one signed by a key not in {@code etc/keys}, loads tainted (E) unless {@code module.sig_enforce}
 * is set (EKEYREJECTED, {@code Loading of unsigned module is rejected}) or the kernel is locked
 * down (EPERM); a signature that does not verify is refused always. A forced load
 * ({@code insmod -f}) is no longer the module that was signed and counts as unsigned.
 *
 * <p>What a signature check finds depends on the image's bytes and the keyring, and the keyring
 * does not change once read; so the outcome is kept per image ({@link VerifiedImages}), and the
 * same module loaded again after an rmmod is not verified again. The decision (taint, refuse under
 * {@code sig_enforce} or lockdown) is taken anew on every load.
 */
public final class ModuleSigCheck {

    /** How many bytes of images already verified are kept, the least recently loaded dropped first. */
    private static final long VERIFIED_BYTES = 16 << 20;

    private final AtomicBoolean enforce = new AtomicBoolean();
    private final Path keysDir;
    private final Lockdown lockdown;
    private final Printer log;
    private volatile Keyring keys;
    private final VerifiedImages verified = new VerifiedImages(VERIFIED_BYTES);

    /**
     * @param keysDir the trusted certificates, {@code ROOT/etc/keys}, read at the first load
     * @param cmdline the kernel command line, for {@code module.sig_enforce}
     */
    public ModuleSigCheck(Path keysDir, String cmdline, Lockdown lockdown, Printer log) {
        this.keysDir = keysDir;
        this.lockdown = lockdown;
        this.log = log;
        enforce.set(Boolean.TRUE.equals(CmdlineParam.bool(CmdlineParam.value(cmdline, "module.sig_enforce"))));
    }

    /** True if only signed modules load ({@code module.sig_enforce}). */
    public boolean enforced() {
        return enforce.get();
    }

    /**
     * Checks a module image; true if its signature verified, false if it may load unsigned (the
     * kernel then taints E).
     *
     * @param force the load is forced ({@code insmod -f}): the module counts as unsigned
     *
     * @throws ModuleException EKEYREJECTED or EBADMSG for a signature that does not verify, or
     *         for an unsigned module when enforcing; EPERM for one when locked down
     */
    public boolean check(String name, byte[] image, boolean force) throws ModuleException {
        ModuleSignature.Result r;
        if (force) {
            r = new ModuleSignature.Result(Errno.ENODATA, "unsigned module", null);
        } else {
            try {
                r = verify(image);
            } catch (IOException e) {
                log.printk(KERN_ERR, "%s: cannot check module signature: %s", name, e.getMessage());
                throw new ModuleException(Errno.EIO, name + ": " + e.getMessage(), e);
            }
        }
        if (r.ok()) {
            return true;
        }
        if (r.errno() != Errno.ENODATA && r.errno() != Errno.ENOKEY) {
            // a signature that is there but wrong is fatal even when signatures are optional
            log.printk(KERN_ERR, "%s: module signature verification failed: %s", name, r.reason());
            throw new ModuleException(r.errno(), name + ": " + r.reason());
        }
        if (enforce.get()) {
            log.printk(KERN_NOTICE, "Loading of %s is rejected", r.reason());
            throw new ModuleException(Errno.EKEYREJECTED, name + ": Loading of " + r.reason() + " is rejected");
        }
        lockdown.check("unsigned module loading");
        return false;
    }

    /** The signature check's outcome for these bytes, from the images already seen or verified now. */
    private ModuleSignature.Result verify(byte[] image) throws IOException {
        ModuleSignature.Result r = verified.get(image);
        if (r == null) {
            r = ModuleSignature.verify(image, keyring());
            verified.put(image, r);
        }
        return r;
    }

    private Keyring keyring() {
        Keyring k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = Keyring.load(keysDir, log);
                }
                k = keys;
            }
        }
        return k;
    }

    /** {@code /sys/module/module/parameters/sig_enforce}: Y or N; it can be switched on, never off (EROFS). */
    public KernelFs.Node file() {
        return new KernelFs.Node() {
            @Override
            public String read() {
                return (enforce.get() ? "Y" : "N") + "\n";
            }

            @Override
            public void write(String value) throws ModuleException {
                Boolean on = CmdlineParam.bool(value.trim());
                if (on == null || value.trim().isEmpty()) {
                    throw new ModuleException(Errno.EINVAL, "sig_enforce: not a boolean: " + value.trim());
                }
                if (!on && enforce.get()) {
                    throw new ModuleException(Errno.EROFS, "sig_enforce: cannot be switched off");
                }
                if (on) {
                    enforce.set(true);
                }
            }
        };
    }
}
