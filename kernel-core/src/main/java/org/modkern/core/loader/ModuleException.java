package org.modkern.core.loader;

import org.modkern.api.Errno;

/**
 * A module operation that failed with a Linux error number. The message is the kernel's own
 * reason (what dmesg shows); commands print {@link Errno#strerror} of {@link #errno()} as
 * insmod and modprobe do.
 */
public final class ModuleException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno a positive error number ({@link Errno#ENOENT})
     * @param message the kernel's reason, prefixed with the module's name where there is one
     */
    public ModuleException(int errno, String message) {
        super(message);
        this.errno = Math.abs(errno);
    }

    public ModuleException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = Math.abs(errno);
    }

    /** The positive error number. */
    public int errno() {
        return errno;
    }

    /** The C library's text for the error number, as insmod prints it. */
    public String strerror() {
        return Errno.strerror(errno);
    }

    /** insmod's {@code mod_strerror()}: the kernel's errno as kmod's insmod words it. */
    public static String insmodStrerror(int errno) {
        switch (errno) {
            case Errno.ENOEXEC:
                return "Invalid module format";
            case Errno.ENOENT:
            case Errno.ESRCH:
                return "Unknown symbol in module";
            case Errno.EINVAL:
                return "Invalid parameters";
            default:
                return Errno.strerror(errno);
        }
    }
}
