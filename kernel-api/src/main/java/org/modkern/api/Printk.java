package org.modkern.api;

import java.util.Formattable;
import java.util.IllegalFormatException;
import java.util.Locale;
import org.modkern.api.spi.PrintkBackend;

/**
 * The kernel log, Linux's {@code printk}. Messages go to the kernel's ring buffer, which
 * {@code dmesg} reads; import statically and write as in C:
 * <pre>{@code printk(KERN_INFO, "hello: loading with param=%d", myParam);}</pre>
 * The format is {@link String#format}'s. Outside a running kernel the message goes to
 * standard error.
 */
public final class Printk {

    /** System is unusable. */
    public static final int KERN_EMERG = 0;
    /** Action must be taken immediately. */
    public static final int KERN_ALERT = 1;
    /** Critical conditions. */
    public static final int KERN_CRIT = 2;
    /** Error conditions. */
    public static final int KERN_ERR = 3;
    /** Warning conditions. */
    public static final int KERN_WARNING = 4;
    /** Normal but significant condition. */
    public static final int KERN_NOTICE = 5;
    /** Informational. */
    public static final int KERN_INFO = 6;
    /** Debug-level messages. */
    public static final int KERN_DEBUG = 7;

    private Printk() {
    }

    /**
     * Logs a message at a level from {@link #KERN_EMERG} to {@link #KERN_DEBUG}; a level out of
     * that range is logged at {@link #KERN_WARNING}, Linux's default.
     */
    public static void printk(int level, String fmt, Object... args) {
        int lvl = level >= KERN_EMERG && level <= KERN_DEBUG ? level : KERN_WARNING;
        String text = format(fmt, args);
        PrintkBackend backend = backend();
        if (backend != null) {
            backend.log(lvl, text);
        } else {
            System.err.println("<" + lvl + ">" + text);
        }
    }

    /** {@code pr_info}: {@link #printk} at {@link #KERN_INFO}. */
    public static void pr_info(String fmt, Object... args) {
        printk(KERN_INFO, fmt, args);
    }

    /** {@code pr_warn}: {@link #printk} at {@link #KERN_WARNING}. */
    public static void pr_warn(String fmt, Object... args) {
        printk(KERN_WARNING, fmt, args);
    }

    /** {@code pr_err}: {@link #printk} at {@link #KERN_ERR}. */
    public static void pr_err(String fmt, Object... args) {
        printk(KERN_ERR, fmt, args);
    }

    /**
     * The message: {@code %s}, {@code %d} and {@code %%} (what nearly every printk uses) are
     * expanded here, anything else by {@link String#format}; both ignore the locale, as the
     * kernel log does.
     */
    static String format(String fmt, Object... args) {
        if (args == null || args.length == 0) {
            return fmt;
        }
        String simple = formatSimple(fmt, args);
        if (simple != null) {
            return simple;
        }
        try {
            return String.format(Locale.ROOT, fmt, args);
        } catch (IllegalFormatException e) {
            // a bad format must not lose the message, nor throw into the caller's init
            return fmt + " " + java.util.Arrays.toString(args);
        }
    }

    /** The message if the format has only plain {@code %s}, {@code %d} and {@code %%}, else null. */
    private static String formatSimple(String fmt, Object[] args) {
        StringBuilder sb = new StringBuilder(fmt.length() + 16 * args.length);
        int next = 0;
        int n = fmt.length();
        for (int i = 0; i < n; i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (++i == n) {
                return null;
            }
            char conv = fmt.charAt(i);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (next == args.length) {
                return null;
            }
            Object arg = args[next++];
            if (conv == 's' && !(arg instanceof Formattable)) {
                sb.append(arg);
            } else if (conv == 'd' && (arg instanceof Integer || arg instanceof Long || arg instanceof Short
                    || arg instanceof Byte)) {
                sb.append(((Number) arg).longValue());
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    private static PrintkBackend backend() {
        return Services.get(PrintkBackend.class);
    }
}
