// Module-name and alias normalization as libkmod does it ('-' and '_' the same outside [...]).
package org.modkern.core.kmod;

/**
 * The string normalizations every kmod lookup goes through. Module names compare with '-' and
 * '_' the same; aliases too, except inside a {@code [...]} bracket expression, where a '-' is a
 * range.
 */
public final class Names {

    private Names() {
    }

    /**
     * A module name in its canonical form: '-' written as '_', cut at the first '.' (libkmod's
     * {@code modname_normalize}).
     */
    public static String modname(String name) {
        int dot = name.indexOf('.');
        String s = dot < 0 ? name : name.substring(0, dot);
        return s.indexOf('-') < 0 ? s : s.replace('-', '_');
    }

    /** The module name a file path stands for: its base name, normalized (libkmod's {@code path_to_modname}). */
    public static String modnameOfPath(String path) {
        int slash = path.lastIndexOf('/');
        return modname(slash < 0 ? path : path.substring(slash + 1));
    }

    /**
     * An alias with '-' written as '_' outside bracket expressions (libkmod's
     * {@code alias_normalize}, and {@code underscores} in config files).
     *
     * @return the normalized alias, or null if a bracket is unmatched (a stray ']' or an
     *         unterminated '['), which kmod rejects
     */
    public static String normalizeAlias(String alias) {
        char[] out = null;
        int n = alias.length();
        for (int i = 0; i < n; i++) {
            char c = alias.charAt(i);
            if (c == '-') {
                if (out == null) {
                    out = alias.toCharArray();
                }
                out[i] = '_';
            } else if (c == ']') {
                return null;
            } else if (c == '[') {
                int close = alias.indexOf(']', i + 1);
                if (close < 0) {
                    return null;
                }
                i = close;
            }
        }
        return out == null ? alias : new String(out);
    }
}
