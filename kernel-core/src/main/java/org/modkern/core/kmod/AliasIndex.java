// The alias -> module index of modules.alias: kmod's wildcard matching, indexed for speed.
package org.modkern.core.kmod;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Resolves a modalias ({@code pci:v00008086d00001533sv...}) to the modules whose alias patterns
 * match it, with kmod's semantics: patterns and the looked-up string are normalized ('-' as '_'
 * outside {@code [...]}); a pattern's characters up to its first {@code *}, {@code ?} or
 * {@code [} must equal the string's start byte for byte and the rest is matched with
 * {@code fnmatch}; results come in modules.alias order of their modules, one entry per matching
 * pattern (so a module with two matching patterns is listed twice, as libkmod lists it).
 *
 * <p>Lookups never scan all patterns: each pattern is filed under a short piece of literal text
 * every match must contain ({@link GramIndex}), one pass over the string finds the pieces it
 * holds, and only those few patterns are matched. Instances are immutable and safe for
 * concurrent readers.
 */
public final class AliasIndex {

    private static final int[] NO_INTS = new int[0];

    private final String[] moduleNames;
    private final int[] patModule;
    private final String[] patText;
    /**
     * What a candidate is checked against, each pattern's record in one array so that checking
     * touches one or two cache lines: at {@code record[id]}: the length of the characters before
     * the first wildcard (all of them for a plain pattern), the number of glob tokens after it
     * (-1 for a plain pattern), the pattern's first index into {@link #sets}, the prefix
     * characters four to an int, then the tokens ({@link Glob}'s compiled form).
     */
    private final int[] pool;
    private final int[] record;
    private final Glob.CharSet[] sets;
    /**
     * Per pattern, a fingerprint of the characters before its first wildcard: their hash (high
     * 52 bits) and count (low 12; {@link #NO_FP} when longer). Compared with the looked-up
     * string's own prefix hashes, it turns away most candidates without reading their record.
     */
    private final long[] prefixFp;

    private static final int NO_FP = 0xfff;
    private static final long HASH_MUL = 0x100000001B3L;
    private static final long HASH_SEED = 0xCBF29CE484222325L;
    private final GramIndex grams;
    /** Patterns with no 4 literal characters in a row, matched against every string. */
    private final int[] always;
    /** Plain patterns under 4 characters, by text. */
    private final Map<String, int[]> shortLiterals;

    private AliasIndex(Builder b) {
        int n = b.patterns.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Pattern ids follow module priority, so sorted ids are results in kmod's order.
        Arrays.sort(order, (x, y) -> Integer.compare(b.moduleOf.get(x), b.moduleOf.get(y)));
        moduleNames = b.modules.keySet().toArray(new String[0]);
        patModule = new int[n];
        patText = new String[n];
        String[] patPrefix = new String[n];
        Glob[] patRest = new Glob[n];
        GramIndex.Builder gb = new GramIndex.Builder(n);
        for (int id = 0; id < n; id++) {
            int src = order[id];
            String p = b.patterns.get(src);
            patModule[id] = b.moduleOf.get(src);
            patText[id] = p;
            int w = firstWildcard(p);
            if (w < 0) {
                patPrefix[id] = p;
                gb.addRuns(id, new String[] {p}, new int[] {0});
                continue;
            }
            patPrefix[id] = p.substring(0, w);
            patRest[id] = Glob.compile(p.substring(w));
            String[] inner = patRest[id].literalRuns();
            if (inner == null) {
                continue; // can never match
            }
            String[] runs = new String[inner.length + 1];
            int[] offsets = new int[runs.length];
            runs[0] = patPrefix[id];
            System.arraycopy(inner, 0, runs, 1, inner.length);
            Arrays.fill(offsets, 1, offsets.length, -1);
            gb.addRuns(id, runs, offsets);
        }
        List<Integer> alwaysList = new ArrayList<>();
        Map<String, List<Integer>> shorts = new HashMap<>();
        grams = gb.build(id -> {
            if (patRest[id] == null) {
                shorts.computeIfAbsent(patText[id], k -> new ArrayList<>()).add(id);
            } else {
                alwaysList.add(id);
            }
        });
        always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
        shortLiterals = new HashMap<>();
        shorts.forEach((k, v) -> shortLiterals.put(k, v.stream().mapToInt(Integer::intValue).toArray()));

        record = new int[n];
        List<Glob.CharSet> allSets = new ArrayList<>();
        int[] buf = new int[Math.max(64, n * 16)];
        int used = 0;
        for (int id = 0; id < n; id++) {
            String prefix = patPrefix[id];
            int[] tokens = patRest[id] == null ? NO_INTS : patRest[id].tokens();
            int size = 3 + (prefix.length() + 3) / 4 + tokens.length;
            if (used + size > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + size));
            }
            record[id] = used;
            buf[used] = prefix.length();
            buf[used + 1] = patRest[id] == null ? -1 : tokens.length;
            buf[used + 2] = allSets.size();
            for (int i = 0; i < prefix.length(); i++) {
                buf[used + 3 + i / 4] |= (prefix.charAt(i) & 0xff) << (8 * (i % 4));
            }
            System.arraycopy(tokens, 0, buf, used + 3 + (prefix.length() + 3) / 4, tokens.length);
            if (patRest[id] != null) {
                allSets.addAll(Arrays.asList(patRest[id].sets()));
            }
            used += size;
        }
        pool = Arrays.copyOf(buf, used);
        sets = allSets.toArray(new Glob.CharSet[0]);
        prefixFp = new long[n];
        for (int id = 0; id < n; id++) {
            String prefix = patPrefix[id];
            long h = HASH_SEED;
            for (int i = 0; i < prefix.length(); i++) {
                h = (h ^ prefix.charAt(i)) * HASH_MUL;
            }
            prefixFp[id] = prefix.length() >= NO_FP ? NO_FP : (h & ~0xfffL) | prefix.length();
        }
    }

    /** The hashes of every prefix of {@code s}, as {@link #prefixFp} computes them. */
    private static long[] prefixHashes(byte[] s) {
        long[] h = new long[s.length + 1];
        long x = HASH_SEED;
        h[0] = x;
        for (int i = 0; i < s.length; i++) {
            x = (x ^ (s[i] & 0xff)) * HASH_MUL;
            h[i + 1] = x;
        }
        return h;
    }

    /** True if pattern {@code id} matches the prepared string: kmod's prefix compare, then fnmatch. */
    private boolean verify(int id, byte[] s) {
        int[] p = pool;
        int r = record[id];
        int plen = p[r];
        int tlen = p[r + 1];
        int n = s.length;
        if (tlen < 0 ? n != plen : n < plen) {
            return false;
        }
        for (int i = 0; i < plen; i++) {
            if ((s[i] & 0xff) != (p[r + 3 + i / 4] >>> (8 * (i % 4)) & 0xff)) {
                return false;
            }
        }
        return tlen < 0 || Glob.match(p, r + 3 + (plen + 3) / 4, tlen, sets, p[r + 2], s, plen);
    }

    /** A builder: add patterns in modules.alias order, then {@link #build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects alias patterns; not thread-safe. */
    public static final class Builder {
        private final List<String> patterns = new ArrayList<>();
        private final List<Integer> moduleOf = new ArrayList<>();
        private final Map<String, Integer> modules = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds one pattern for a module. A module's place in the result order is where it was
         * first added.
         *
         * @return false (and adds nothing) if the pattern has an unmatched bracket, which kmod
         *         rejects with "Unmatched bracket in PATTERN"
         */
        public boolean add(String pattern, String module) {
            String p = Names.normalizeAlias(pattern);
            if (p == null) {
                return false;
            }
            Integer id = modules.computeIfAbsent(module, k -> modules.size());
            patterns.add(bytewise(p));
            moduleOf.add(id);
            return true;
        }

        /** The immutable index. */
        public AliasIndex build() {
            return new AliasIndex(this);
        }
    }

    /**
     * Reads a modules.alias file ({@code alias PATTERN MODULE} lines, {@code #} comments).
     *
     * @param log receives kmod's "Unmatched bracket" warnings
     */
    public static AliasIndex load(Path file, KmodLog log) throws IOException {
        Builder b = builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("alias")) {
                    continue;
                }
                String[] f = line.trim().split("[ \t]+");
                if (f.length < 3 || !f[0].equals("alias")) {
                    continue;
                }
                if (!b.add(f[1], f[2])) {
                    log.warn("Unmatched bracket in " + f[1]);
                }
            }
        }
        return b.build();
    }

    /** The aliases the catalog's modules declare, in catalog order: what depmod writes to modules.alias. */
    public static AliasIndex of(Catalog catalog, KmodLog log) {
        Builder b = builder();
        for (Catalog.Entry e : catalog.modules()) {
            for (String alias : e.info().aliases()) {
                if (!b.add(alias, e.name())) {
                    log.warn("Unmatched bracket in " + alias);
                }
            }
        }
        return b.build();
    }

    /** Number of patterns. */
    public int size() {
        return patText.length;
    }

    /**
     * Every module with a pattern matching the string, in modules.alias order, once per
     * matching pattern (libkmod's result list).
     */
    public List<String> lookup(String modalias) {
        int[] ids = matches(modalias);
        if (ids.length == 0) {
            return List.of();
        }
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = moduleNames[patModule[ids[i]]];
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** The distinct modules matching the string, in modules.alias order. */
    public List<String> modules(String modalias) {
        return List.copyOf(new LinkedHashSet<>(lookup(modalias)));
    }

    /** The patterns matching the string (normalized as kmod stores them), in result order. */
    public List<String> matchingPatterns(String modalias) {
        List<String> out = new ArrayList<>();
        for (int id : matches(modalias)) {
            out.add(patText[id]);
        }
        return out;
    }

    /** How many patterns a lookup has to match one by one (for tests: the index must keep this small). */
    int candidates(String modalias) {
        byte[] b = prepare(modalias);
        return b == null ? 0 : collect(b).length;
    }

    private int[] matches(String modalias) {
        byte[] s = prepare(modalias);
        if (s == null) {
            return NO_INTS;
        }
        int[] ids = collect(s);
        if (ids.length == 0) {
            return ids;
        }
        long[] h = prefixHashes(s);
        int k = 0;
        for (int id : ids) {
            long fp = prefixFp[id];
            int len = (int) (fp & NO_FP);
            boolean maybe = len == NO_FP || (len <= s.length && ((h[len] ^ fp) & ~0xfffL) == 0);
            if (maybe && verify(id, s)) {
                ids[k++] = id;
            }
        }
        return k == ids.length ? ids : Arrays.copyOf(ids, k);
    }

    /**
     * The string as kmod matches it: its UTF-8 bytes, '-' as '_' outside bracket expressions;
     * null for an unmatched bracket (libkmod's {@code alias_normalize} refuses those).
     */
    private static byte[] prepare(String modalias) {
        byte[] b = modalias.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c == '-') {
                b[i] = '_';
            } else if (c == ']') {
                return null;
            } else if (c == '[') {
                int j = i + 1;
                while (j < b.length && b[j] != ']') {
                    j++;
                }
                if (j == b.length) {
                    return null;
                }
                i = j;
            }
        }
        return b;
    }

    /** The patterns whose piece occurs in the prepared string, sorted, once each. */
    private int[] collect(byte[] s) {
        GramIndex.Candidates cand = new GramIndex.Candidates();
        for (int id : always) {
            cand.add(id);
        }
        if (s.length < 4 && !shortLiterals.isEmpty()) {
            for (int id : shortLiterals.getOrDefault(new String(s, StandardCharsets.ISO_8859_1), NO_INTS)) {
                cand.add(id);
            }
        }
        grams.collect(s, cand);
        return cand.size == 0 ? NO_INTS : cand.sortedUnique();
    }

    private static int firstWildcard(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return -1;
    }

    /** kmod compares bytes: a string with non-ASCII characters is matched as its UTF-8 bytes. */
    private static String bytewise(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return s;
    }
}
