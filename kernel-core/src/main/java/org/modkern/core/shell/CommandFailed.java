package org.modkern.core.shell;

/**
 * A command's non-zero exit status. The command has already printed its message to standard
 * error, as the Linux tool would; the console only records the status.
 */
public final class CommandFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public CommandFailed(int status) {
        super("exit status " + status, null, false, false);
        this.status = status;
    }

    /** The exit status, 1 to 255. */
    public int status() {
        return status;
    }

    /** Prints {@code message} to standard error and returns the failure to throw. */
    public static CommandFailed fail(String message) {
        System.err.println(message);
        return new CommandFailed(1);
    }
}
