package org.modkern.core.params;

import org.modkern.api.Errno;

/** A parameter value that does not parse (EINVAL) or does not fit its type (ERANGE). */
public final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;

    private InvalidValueException(int errno) {
        super(Errno.strerror(errno));
        this.errno = errno;
    }

    static InvalidValueException invalid() {
        return new InvalidValueException(Errno.EINVAL);
    }

    static InvalidValueException range() {
        return new InvalidValueException(Errno.ERANGE);
    }

    /** EINVAL or ERANGE. */
    public int errno() {
        return errno;
    }
}
