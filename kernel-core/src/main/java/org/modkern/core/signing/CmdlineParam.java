// Reads one parameter off the kernel command line.
package org.modkern.core.signing;

/** A parameter of the kernel command line: the last {@code key=value} wins, as Linux parses it. */
final class CmdlineParam {

    private CmdlineParam() {
    }

    /** The value of the last {@code key=value} word, {@code ""} for a bare {@code key}, or null. */
    static String value(String cmdline, String key) {
        String out = null;
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.equals(key)) {
                out = "";
            } else if (word.startsWith(key + "=")) {
                out = word.substring(key.length() + 1);
            }
        }
        return out;
    }

    /** Linux's {@code strtobool}: 1/y/Y/on true, 0/n/N/off false; anything else null. */
    static Boolean bool(String v) {
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "", "1", "y", "yes", "on", "true":
                return Boolean.TRUE;
            case "0", "n", "no", "off", "false":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
