package org.modkern.core.manifest;

/** A jar that is not a well-formed module: no manifest, no name, or a header that does not parse. */
public final class ModuleFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModuleFormatException(String message) {
        super(message);
    }

    public ModuleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
