// kmod's alias trie walk for a looked-up string that holds wildcard characters itself.
package org.modkern.core.kmod;

import java.util.Arrays;

/**
 * How often libkmod's {@code index_mm_searchwild} finds a pattern when the string looked up
 * contains {@code *}, {@code ?} or {@code [} itself. libkmod walks its index trie along the
 * string: at each node it matches the patterns under the node's wildcard children with
 * {@code fnmatch} against the rest of the string, then follows the child named by the string's
 * next character, which may be that same wildcard character. So a pattern is found once by its
 * first wildcard, again at each later wildcard the string repeats where the trie branches, and
 * once more if the string equals it. Where a wildcard falls inside a node's prefix (the trie
 * does not branch there) the walk matches the rest and stops. Where the trie branches follows
 * from the set of patterns: at the root, and wherever two patterns sharing the text before a
 * position differ at it or one ends there. Strings without wildcard characters find each
 * matching pattern once, which {@link AliasIndex} computes faster. Immutable.
 */
final class TrieWalk {

    /** The distinct patterns, sorted as the trie orders them (by byte). */
    private final String[] keys;

    TrieWalk(String[] patterns) {
        keys = Arrays.stream(patterns).distinct().sorted().toArray(String[]::new);
    }

    /**
     * How many times the walk for {@code s} finds {@code pattern}; both normalized, in the byte
     * form of {@link AliasIndex}.
     */
    int hits(String pattern, String s) {
        int hits = 0;
        for (int w = nextWildcard(pattern, 0); w >= 0; w = nextWildcard(pattern, w + 1)) {
            if (w > s.length() || !s.regionMatches(0, pattern, 0, w)) {
                return hits;
            }
            if (Glob.fnmatch(pattern.substring(w), s.substring(w))) {
                hits++;
            }
            if (!branchesAt(pattern, w) || w == s.length() || s.charAt(w) != pattern.charAt(w)) {
                return hits;
            }
        }
        return s.equals(pattern) ? hits + 1 : hits;
    }

    /** True if the trie has a node boundary at {@code w} on the pattern's path. */
    private boolean branchesAt(String pattern, int w) {
        return w == 0 || count(pattern.substring(0, w)) != count(pattern.substring(0, w + 1));
    }

    /** The number of patterns starting with {@code prefix}. */
    private int count(String prefix) {
        // characters are bytes, so every string with the prefix sorts below prefix + U+0100
        return lowerBound(prefix + '\u0100') - lowerBound(prefix);
    }

    private int lowerBound(String s) {
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid].compareTo(s) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int nextWildcard(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return -1;
    }
}
