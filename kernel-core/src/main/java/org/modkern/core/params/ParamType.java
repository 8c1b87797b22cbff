package org.modkern.core.params;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Linux's module parameter types ({@code param_ops_int} and friends): how a value written on the
 * command line or into sysfs is parsed, range-checked and printed back.
 *
 * <p>Integers are parsed as {@code kstrto*} with base 0 ({@code 0x1f} hex, {@code 017} octal)
 * and held as a {@code long} ({@code ulong} as its two's-complement bits). Booleans take
 * {@code kstrtobool}'s words and print {@code Y}/{@code N}.
 */
public enum ParamType {
    BOOL("bool", 0, 1),
    INVBOOL("invbool", 0, 1),
    BYTE("byte", 0, 255),
    SHORT("short", Short.MIN_VALUE, Short.MAX_VALUE),
    USHORT("ushort", 0, 65535),
    INT("int", Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT("uint", 0, 0xFFFF_FFFFL),
    LONG("long", Long.MIN_VALUE, Long.MAX_VALUE),
    ULONG("ulong", 0, -1),
    CHARP("charp", 0, 0);

    /** The longest string a charp parameter takes, as Linux's {@code param_set_charp}. */
    public static final int CHARP_MAX = 1024;

    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String linuxName;
    private final long min;
    private final long max;

    ParamType(String linuxName, long min, long max) {
        this.linuxName = linuxName;
        this.min = min;
        this.max = max;
    }

    /** The name modinfo prints: {@code int}, {@code charp}. */
    public String linuxName() {
        return linuxName;
    }

    /** The type named in a {@code Module-Param} header, or null if Linux has no such type. */
    public static ParamType of(String name) {
        for (ParamType t : values()) {
            if (t.linuxName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** True for the integer types. */
    public boolean isInteger() {
        return this != BOOL && this != INVBOOL && this != CHARP;
    }

    /**
     * Parses a value as the user wrote it. Returns a {@code Long}, {@code Boolean} or
     * {@code String}.
     *
     * @param text the value, or null when the parameter was given without '=' (only bool takes that)
     * @throws InvalidValueException EINVAL for a malformed value, ERANGE for one out of range
     */
    public Object parse(String text) throws InvalidValueException {
        switch (this) {
            case BOOL:
                return text == null || parseBool(text);
            case INVBOOL:
                return text == null || parseBool(text);
            case CHARP:
                if (text == null) {
                    throw InvalidValueException.invalid();
                }
                if (text.length() > CHARP_MAX) {
                    throw InvalidValueException.range();
                }
                return text;
            default:
                return parseInteger(text);
        }
    }

    /** Prints a value as sysfs shows it. */
    public String format(Object value) {
        switch (this) {
            case BOOL:
            case INVBOOL:
                return Boolean.TRUE.equals(value) ? "Y" : "N";
            case CHARP:
                return value == null ? "(null)" : value.toString();
            case ULONG:
                return Long.toUnsignedString(((Number) value).longValue());
            default:
                return Long.toString(((Number) value).longValue());
        }
    }

    private static boolean parseBool(String text) throws InvalidValueException {
        String t = text.trim();
        if (t.isEmpty()) {
            throw InvalidValueException.invalid();
        }
        switch (t.charAt(0)) {
            case 'y': case 'Y': case '1':
                return true;
            case 'n': case 'N': case '0':
                return false;
            case 'o': case 'O':
                if (t.length() > 1) {
                    char c = Character.toLowerCase(t.charAt(1));
                    if (c == 'n') {
                        return true;
                    }
                    if (c == 'f') {
                        return false;
                    }
                }
                throw InvalidValueException.invalid();
            default:
                throw InvalidValueException.invalid();
        }
    }

    private Long parseInteger(String text) throws InvalidValueException {
        if (text == null) {
            throw InvalidValueException.invalid();
        }
        // sysfs writes arrive with echo's newline; kstrto* accepts one trailing newline
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        boolean negative = false;
        if (t.startsWith("+")) {
            t = t.substring(1);
        } else if (t.startsWith("-")) {
            negative = true;
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw InvalidValueException.invalid();
        }
        BigInteger v;
        try {
            v = new BigInteger(t.toLowerCase(Locale.ROOT), radix);
        } catch (NumberFormatException e) {
            throw InvalidValueException.invalid();
        }
        boolean unsigned = min == 0;
        if (negative) {
            if (unsigned) {
                // kstrtou* refuses a sign
                throw InvalidValueException.invalid();
            }
            v = v.negate();
        }
        if (this == ULONG) {
            if (v.compareTo(ULONG_MAX) > 0) {
                throw InvalidValueException.range();
            }
            return v.longValue();
        }
        if (v.bitLength() > 63 || v.longValue() < min || v.longValue() > max) {
            throw InvalidValueException.range();
        }
        return v.longValue();
    }
}
