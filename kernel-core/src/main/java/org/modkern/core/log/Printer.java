package org.modkern.core.log;

/** Where kernel code prints: printk with a level and a {@link String#format} format. */
@FunctionalInterface
public interface Printer {

    /** Logs one message at a level from 0 (emerg) to 7 (debug). */
    void log(int level, String text);

    /** Formats and logs, printk-style. */
    default void printk(int level, String fmt, Object... args) {
        log(level, args.length == 0 ? fmt : String.format(fmt, args));
    }
}
