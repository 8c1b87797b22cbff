// Diagnostics of the kmod tools: "prog: LEVEL: message" lines at syslog priorities, as tools/log.c prints them.
package org.modkern.core.kmod;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where depmod and modprobe send their diagnostics: one line per message, prefixed
 * {@code "<program>: <LEVEL>: "} exactly as kmod's tools print them to stderr
 * ({@code modprobe: FATAL: Module foo not found in directory ...}). Messages above the
 * configured verbosity are dropped, as with kmod's {@code -q} and {@code -v}.
 */
public final class KmodLog {

    /** Syslog priorities, kmod's levels. */
    public static final int CRIT = 2;
    public static final int ERR = 3;
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFO = 6;
    public static final int DEBUG = 7;

    private final String program;
    private final Appendable out;
    private final int verbosity;

    /**
     * @param program the tool's name, the prefix of every line ({@code "modprobe"})
     * @param out where lines go (the command's stderr)
     * @param verbosity the highest priority printed; kmod's default is {@link #WARNING}
     */
    public KmodLog(String program, Appendable out, int verbosity) {
        this.program = program;
        this.out = out;
        this.verbosity = verbosity;
    }

    /** A log that prints warnings and worse. */
    public KmodLog(String program, Appendable out) {
        this(program, out, WARNING);
    }

    /** A log that drops everything. */
    public static KmodLog silent(String program) {
        return new KmodLog(program, new StringBuilder(), -1);
    }

    /** The tool's name. */
    public String program() {
        return program;
    }

    /** The highest priority printed. */
    public int verbosity() {
        return verbosity;
    }

    /** True if messages of this priority are printed. */
    public boolean enabled(int priority) {
        return priority <= verbosity;
    }

    /** Prints {@code "<program>: FATAL: <message>"} (the caller then stops, as kmod exits). */
    public void fatal(String message) {
        log(CRIT, message);
    }

    /** Prints {@code "<program>: ERROR: <message>"}. */
    public void error(String message) {
        log(ERR, message);
    }

    /** Prints {@code "<program>: WARNING: <message>"}. */
    public void warn(String message) {
        log(WARNING, message);
    }

    /** Prints {@code "<program>: INFO: <message>"}. */
    public void info(String message) {
        log(INFO, message);
    }

    /**
     * Prints {@code "<program>: <message>"}, with no level and whatever the verbosity: how
     * glibc's getopt reports a bad option before the tool's own logging applies.
     */
    public void usage(String message) {
        append(program + ": " + message + "\n");
    }

    /** Prints one message at a priority; a message may hold several lines. */
    public void log(int priority, String message) {
        if (!enabled(priority)) {
            return;
        }
        append(program + ": " + level(priority) + ": " + message + "\n");
    }

    private void append(String line) {
        try {
            synchronized (out) {
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String level(int priority) {
        switch (priority) {
            case CRIT: return "FATAL";
            case ERR: return "ERROR";
            case WARNING: return "WARNING";
            case NOTICE: return "NOTICE";
            case INFO: return "INFO";
            case DEBUG: return "DEBUG";
            default: return String.format("LOG-%03d", priority);
        }
    }
}
