// A compiled shell glob with the semantics of glibc's fnmatch(pattern, string, 0), as kmod uses it.
package org.modkern.core.kmod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A glob pattern compiled once and matched many times, with the meaning glibc's
 * {@code fnmatch(pattern, string, 0)} gives it in the C locale: {@code *} any run of characters,
 * {@code ?} one character, {@code [...]} a bracket expression (ranges, {@code !} or {@code ^}
 * negation, {@code [:class:]}, a leading {@code ]} taken literally), a backslash quoting the
 * next character. Matching is case-sensitive; no character is special to the match ('/' and a
 * leading '.' match like any other). Instances are immutable and safe to share.
 */
public final class Glob {

    // Token kinds, stored in the low bits of each int; a literal token holds its char above.
    private static final int LIT = 0;
    private static final int ANY = 1;
    private static final int STAR = 2;
    private static final int SET = 3;
    /** A construct glibc refuses when it reaches it (trailing backslash, unknown class). */
    private static final int FAIL = 4;

    /** In {@link #segments()}: the element of a '?'. */
    static final int ANY_ELEMENT = -1;

    private static final String[] CLASSES = {
        "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit",
    };

    private final String pattern;
    private final int[] tokens;
    private final CharSet[] sets;
    private final boolean literal;

    private Glob(String pattern, int[] tokens, CharSet[] sets) {
        this.pattern = pattern;
        this.tokens = tokens;
        this.sets = sets;
        boolean lit = true;
        for (int t : tokens) {
            lit &= (t & 7) == LIT;
        }
        this.literal = lit;
    }

    /** Compiles a pattern; every string is a valid pattern (malformed brackets are literal, as in glibc). */
    public static Glob compile(String pattern) {
        int[] tokens = new int[pattern.length()];
        CharSet[] sets = new CharSet[4];
        int nt = 0;
        int ns = 0;
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (nt == 0 || tokens[nt - 1] != STAR) {
                    tokens[nt++] = STAR;
                }
                i++;
            } else if (c == '?') {
                tokens[nt++] = ANY;
                i++;
            } else if (c == '\\') {
                if (i + 1 == n) {
                    tokens[nt++] = FAIL;
                    i++;
                } else {
                    tokens[nt++] = lit(pattern.charAt(i + 1));
                    i += 2;
                }
            } else if (c == '[') {
                BracketParser bp = new BracketParser(pattern, i + 1);
                CharSet set = bp.parse();
                if (bp.end < 0) {
                    tokens[nt++] = lit('[');
                    i++;
                } else if (set == null) {
                    tokens[nt++] = FAIL;
                    i = bp.end;
                } else {
                    if (ns == sets.length) {
                        sets = Arrays.copyOf(sets, ns * 2);
                    }
                    sets[ns] = set;
                    tokens[nt++] = SET | (ns << 3);
                    ns++;
                    i = bp.end;
                }
            } else {
                tokens[nt++] = lit(c);
                i++;
            }
        }
        return new Glob(pattern, Arrays.copyOf(tokens, nt), Arrays.copyOf(sets, ns));
    }

    /** glibc {@code fnmatch(pattern, string, 0) == 0}. */
    public static boolean fnmatch(String pattern, String string) {
        return compile(pattern).matches(string);
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** True if the pattern has no wildcard: it matches exactly one string. */
    public boolean isLiteral() {
        return literal;
    }

    /** True if the whole of {@code s} matches. */
    public boolean matches(CharSequence s) {
        return matches(s, 0);
    }

    /** True if {@code s} from index {@code from} to its end matches. */
    public boolean matches(CharSequence s, int from) {
        int m = tokens.length;
        int n = s.length();
        int pi = 0;
        int si = from;
        int starPi = -1;
        int starSi = 0;
        // Greedy match with one backtrack point, the last '*' seen: sound for globs.
        while (si < n) {
            if (pi < m) {
                int tok = tokens[pi];
                if (tok == STAR) {
                    starPi = pi++;
                    starSi = si;
                    continue;
                }
                if (one(tok, s.charAt(si))) {
                    pi++;
                    si++;
                    continue;
                }
            }
            if (starPi < 0) {
                return false;
            }
            pi = starPi + 1;
            si = ++starSi;
        }
        while (pi < m && tokens[pi] == STAR) {
            pi++;
        }
        return pi == m;
    }

    /**
     * The pattern cut at its stars, for matchers that compare a piece at a time: the pieces in
     * order (the first or last empty when a star starts or ends the pattern; one piece if it has
     * no star), each as its elements: a literal character as itself, {@link #ANY_ELEMENT} for
     * '?', {@code -2 - i} for bracket expression {@code i} ({@link #byteSet}). Null if the
     * pattern holds a construct glibc refuses, so that it matches nothing.
     */
    int[][] segments() {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= tokens.length; i++) {
            if (i < tokens.length && tokens[i] != STAR) {
                continue;
            }
            int[] seg = new int[i - start];
            for (int k = start; k < i; k++) {
                int kind = tokens[k] & 7;
                if (kind == FAIL) {
                    return null;
                }
                seg[k - start] = kind == LIT ? tokens[k] >>> 3 : kind == ANY ? ANY_ELEMENT : -2 - (tokens[k] >>> 3);
            }
            out.add(seg);
            start = i + 1;
        }
        return out.toArray(new int[0][]);
    }

    /** Bracket expression {@code i} as a bitmap over byte values: bit {@code b & 63} of word {@code b >>> 6}, negation applied. */
    long[] byteSet(int i) {
        long[] bits = new long[4];
        for (int b = 0; b < 256; b++) {
            if (sets[i].contains((char) b)) {
                bits[b >>> 6] |= 1L << b;
            }
        }
        return bits;
    }

    /** The literal characters the pattern starts with, up to its first wildcard token. */
    String literalPrefix() {
        StringBuilder sb = new StringBuilder();
        for (int tok : tokens) {
            if ((tok & 7) != LIT) {
                break;
            }
            sb.append((char) (tok >>> 3));
        }
        return sb.toString();
    }

    /**
     * The runs of literal characters between wildcards; any matching string contains each of
     * them. Empty if the pattern cannot match anything.
     */
    String[] literalRuns() {
        List<String> runs = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int tok : tokens) {
            int kind = tok & 7;
            if (kind == LIT) {
                sb.append((char) (tok >>> 3));
                continue;
            }
            if (kind == FAIL) {
                return null;
            }
            if (sb.length() > 0) {
                runs.add(sb.toString());
                sb.setLength(0);
            }
        }
        if (sb.length() > 0) {
            runs.add(sb.toString());
        }
        return runs.toArray(new String[0]);
    }

    private boolean one(int tok, char c) {
        switch (tok & 7) {
            case LIT:
                return (tok >>> 3) == c;
            case ANY:
                return true;
            case SET:
                return sets[tok >>> 3].contains(c);
            default:
                return false;
        }
    }

    private static int lit(char c) {
        return LIT | (c << 3);
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** A bracket expression: a bitmap over Latin-1 plus ranges for wider characters. */
    static final class CharSet {
        final long[] bits = new long[4];
        final boolean negated;
        char[] ranges = new char[0];

        CharSet(boolean negated) {
            this.negated = negated;
        }

        void add(char lo, char hi) {
            for (int c = lo; c <= hi && c < 256; c++) {
                bits[c >>> 6] |= 1L << c;
            }
            if (hi >= 256) {
                ranges = Arrays.copyOf(ranges, ranges.length + 2);
                ranges[ranges.length - 2] = (char) Math.max(lo, 256);
                ranges[ranges.length - 1] = hi;
            }
        }

        boolean contains(char c) {
            boolean in;
            if (c < 256) {
                in = (bits[c >>> 6] & (1L << c)) != 0;
            } else {
                in = false;
                for (int i = 0; i < ranges.length; i += 2) {
                    in |= ranges[i] <= c && c <= ranges[i + 1];
                }
            }
            return in != negated;
        }
    }

    /** Parses {@code [...]} from just after the '['; {@code end} is -1 if the bracket is unterminated. */
    private static final class BracketParser {
        final String p;
        int i;
        int end = -1;

        BracketParser(String p, int start) {
            this.p = p;
            this.i = start;
        }

        /** The set, or null for a bracket glibc refuses (an unknown [:class:]). */
        CharSet parse() {
            int n = p.length();
            boolean negated = i < n && (p.charAt(i) == '!' || p.charAt(i) == '^');
            if (negated) {
                i++;
            }
            CharSet set = new CharSet(negated);
            boolean valid = true;
            boolean first = true;
            while (i < n) {
                char c = p.charAt(i);
                if (c == ']' && !first) {
                    end = i + 1;
                    return valid ? set : null;
                }
                first = false;
                if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
                    int close = p.indexOf(":]", i + 2);
                    String name = close < 0 ? null : p.substring(i + 2, close);
                    if (name != null && isClassName(name)) {
                        if (!addClass(set, name)) {
                            valid = false;
                        }
                        i = close + 2;
                        continue;
                    }
                    // Not a class name at all: glibc takes the '[' as an ordinary member.
                }
                char lo;
                if (c == '[' && i + 2 < n && (p.charAt(i + 1) == '=' || p.charAt(i + 1) == '.')) {
                    char kind = p.charAt(i + 1);
                    int close = p.indexOf(new String(new char[] {kind, ']'}), i + 2);
                    if (close == i + 3) {
                        lo = p.charAt(i + 2);
                        i = close + 2;
                    } else {
                        lo = c;
                        i++;
                    }
                } else if (c == '\\' && i + 1 < n) {
                    lo = p.charAt(i + 1);
                    i += 2;
                } else {
                    lo = c;
                    i++;
                }
                char hi = lo;
                if (i + 1 < n && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    char e = p.charAt(i + 1);
                    i += 2;
                    if (e == '\\' && i < n) {
                        e = p.charAt(i++);
                    } else if (e == '[' && i + 2 < n && p.charAt(i) == '.' && p.charAt(i + 2) == '.'
                            && i + 3 < n && p.charAt(i + 3) == ']') {
                        e = p.charAt(i + 1);
                        i += 4;
                    }
                    hi = e;
                }
                if (lo <= hi) {
                    set.add(lo, hi);
                }
            }
            return null;
        }

        private static boolean isClassName(String name) {
            if (name.isEmpty()) {
                return false;
            }
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                // glibc's own test: lower-case letters before 'z'
                if (c < 'a' || c >= 'z') {
                    return false;
                }
            }
            return true;
        }

        private static boolean addClass(CharSet set, String name) {
            if (Arrays.asList(CLASSES).indexOf(name) < 0) {
                return false;
            }
            for (int c = 0; c < 128; c++) {
                if (inClass(name, (char) c)) {
                    set.add((char) c, (char) c);
                }
            }
            return true;
        }

        private static boolean inClass(String name, char c) {
            switch (name) {
                case "alnum": return Character.isLetterOrDigit(c);
                case "alpha": return Character.isLetter(c);
                case "blank": return c == ' ' || c == '\t';
                case "cntrl": return c < 32 || c == 127;
                case "digit": return c >= '0' && c <= '9';
                case "graph": return c > 32 && c < 127;
                case "lower": return c >= 'a' && c <= 'z';
                case "print": return c >= 32 && c < 127;
                case "punct": return c > 32 && c < 127 && !Character.isLetterOrDigit(c);
                case "space": return c == ' ' || (c >= 9 && c <= 13);
                case "upper": return c >= 'A' && c <= 'Z';
                case "xdigit": return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                default: return false;
            }
        }
    }
}
