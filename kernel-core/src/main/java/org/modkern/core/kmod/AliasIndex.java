// The alias -> module index of modules.alias: kmod's wildcard matching, indexed for speed.
package org.modkern.core.kmod;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * pattern (so a module with two matching patterns is listed twice, as libkmod lists it). A
 * string holding {@code *}, {@code ?} or {@code [} itself can find a pattern more than once in
 * kmod's index trie; such strings are answered by walking the trie's shape ({@link TrieWalk}).
 *
 * <p>Lookups never scan all patterns: each pattern is filed under a short piece of literal text
 * every match must contain ({@link GramIndex}), together with a fingerprint of its prefix
 * ({@link PrefixCheck}); one pass over the string finds the pieces it holds, and only the few
 * patterns filed there whose fingerprint fits are matched, each from one packed record
 * ({@link PatternRecords}). A lookup allocates nothing but its result: the string is prepared
 * in a per-thread buffer. Instances are immutable and safe for concurrent readers.
 */
public final class AliasIndex {

    private static final long[] NO_PAYLOADS = new long[0];
    /** Returned by {@link #copyAscii} for a string with characters beyond ASCII (they take UTF-8 bytes). */
    private static final int NOT_ASCII = -2;
    /**
     * The buffer each thread prepares its strings in. A plain byte array, so that threads keep
     * nothing of this bundle's once it is gone; grown on demand, kept up to {@link #SCRATCH_KEPT}.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);
    private static final int SCRATCH_KEPT = 4096;
    private static final int BRACKET = 0x100;
    private static final int[] ASCII = asciiTable();

    private final String[] moduleNames;
    private final String[] patText;
    /** The module (index into {@link #moduleNames}) of each pattern id. */
    private final int[] patModule;
    private final PatternRecords records;
    private final GramIndex grams;
    /** The trie's shape, for strings with wildcard characters of their own; made when first needed. */
    private volatile TrieWalk trieWalk;
    /** Payloads of the patterns with no 4 literal characters in a row, tried on every string. */
    private final long[] always;
    /** Payloads of the plain patterns under 4 characters, by text. */
    private final Map<String, long[]> shortLiterals;

    private AliasIndex(Builder b) {
        int n = b.patterns.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Pattern ids (and records) follow module priority, so sorted records are results in kmod's order.
        Arrays.sort(order, (x, y) -> Integer.compare(b.moduleOf.get(x), b.moduleOf.get(y)));
        moduleNames = b.modules.keySet().toArray(new String[0]);
        patText = new String[n];
        patModule = new int[n];
        PatternRecords.Builder rb = PatternRecords.builder();
        GramIndex.Builder gb = new GramIndex.Builder(n);
        for (int id = 0; id < n; id++) {
            int src = order[id];
            patText[id] = b.patterns.get(src);
            patModule[id] = b.moduleOf.get(src);
            file(id, b.moduleOf.get(src), rb, gb);
        }
        records = rb.build();
        List<Long> alwaysList = new ArrayList<>();
        Map<String, List<Long>> shorts = new HashMap<>();
        grams = gb.build(payload -> {
            String text = patText[records.id(PrefixCheck.record(payload))];
            if (firstWildcard(text) < 0 && text.length() < 4) {
                shorts.computeIfAbsent(text, k -> new ArrayList<>()).add(payload);
            } else {
                alwaysList.add(payload);
            }
        });
        always = alwaysList.stream().mapToLong(Long::longValue).toArray();
        shortLiterals = new HashMap<>();
        shorts.forEach((k, v) -> shortLiterals.put(k, v.stream().mapToLong(Long::longValue).toArray()));
    }

    /**
     * Packs pattern {@code id}'s record and files it under the literal runs every match holds:
     * its prefix, at position 0, and the runs between its wildcards, anywhere. A pattern that
     * can never match (glibc refuses it) gets neither.
     */
    private void file(int id, int module, PatternRecords.Builder rb, GramIndex.Builder gb) {
        String p = patText[id];
        int w = firstWildcard(p);
        String prefix = w < 0 ? p : p.substring(0, w);
        Glob rest = w < 0 ? null : Glob.compile(p.substring(w));
        String[] inner = rest == null ? new String[0] : rest.literalRuns();
        if (inner == null) {
            return;
        }
        int record = rb.add(id, module, prefix, rest);
        String[] runs = new String[inner.length + 1];
        int[] offsets = new int[runs.length];
        runs[0] = prefix;
        System.arraycopy(inner, 0, runs, 1, inner.length);
        Arrays.fill(offsets, 1, offsets.length, -1);
        gb.add(PrefixCheck.payload(record, prefix, rest == null), runs, offsets);
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
        String wild = wildcarded(modalias);
        if (wild != null) {
            return walkTrie(wild);
        }
        int[] hits = matches(modalias, true);
        if (hits == null) {
            return List.of();
        }
        switch (hits[0]) {
            case 1:
                return List.of(moduleOf(hits[1]));
            case 2:
                return List.of(moduleOf(hits[1]), moduleOf(hits[2]));
            default:
                String[] out = new String[hits[0]];
                for (int i = 0; i < out.length; i++) {
                    out[i] = moduleOf(hits[i + 1]);
                }
                return List.of(out);
        }
    }

    /**
     * The string as kmod matches it (normalized, in byte form) if it holds a wildcard character
     * of its own, else null.
     */
    private static String wildcarded(String modalias) {
        if (TrieWalk.nextWildcard(modalias, 0) < 0) {
            return null;
        }
        String s = Names.normalizeAlias(modalias);
        return s == null ? null : bytewise(s);
    }

    /** kmod's result for a string with wildcard characters: a module once per time the walk finds a pattern. */
    private List<String> walkTrie(String s) {
        TrieWalk walk = trieWalk;
        if (walk == null) {
            walk = trieWalk = new TrieWalk(patText);
        }
        List<String> out = new ArrayList<>();
        for (int id = 0; id < patText.length; id++) {
            for (int k = walk.hits(patText[id], s); k > 0; k--) {
                out.add(moduleNames[patModule[id]]);
            }
        }
        return out;
    }

    private String moduleOf(int record) {
        return moduleNames[records.module(record)];
    }

    /**
     * Every pattern and its module as {@code PATTERN MODULE}, in the order libkmod's index dump
     * ({@code modprobe -c}) lists them: patterns (normalized) by their bytes, the modules of
     * one pattern in modules.alias order.
     */
    public List<String> dump() {
        Integer[] ids = new Integer[patText.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        // ids already follow module order, and the sort is stable
        Arrays.sort(ids, (x, y) -> patText[x].compareTo(patText[y]));
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            String p = patText[id];
            // patterns beyond ASCII are kept as their UTF-8 bytes
            String text = isAscii(p) ? p : new String(p.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            out.add(text + " " + moduleNames[patModule[id]]);
        }
        return out;
    }

    /** The distinct modules matching the string, in modules.alias order. */
    public List<String> modules(String modalias) {
        return List.copyOf(new LinkedHashSet<>(lookup(modalias)));
    }

    /** The patterns matching the string (normalized as kmod stores them), in result order. */
    public List<String> matchingPatterns(String modalias) {
        int[] hits = matches(modalias, true);
        List<String> out = new ArrayList<>();
        for (int i = 1; hits != null && i <= hits[0]; i++) {
            out.add(patText[records.id(hits[i])]);
        }
        return out;
    }

    /**
     * How many patterns a lookup has to match one by one: those filed under a piece of the
     * string, where it holds it, whose prefix fingerprint fits (for tests: the index must keep
     * this small).
     */
    int candidates(String modalias) {
        int[] hits = matches(modalias, false);
        return hits == null ? 0 : hits[0];
    }

    /**
     * The records of the patterns matching the string, sorted (result order), once each; or,
     * unless {@code verify}, of all the candidates. Element 0 is their count; null for none.
     */
    private int[] matches(String modalias, boolean verify) {
        byte[] s = scratch(modalias.length() + PrefixCheck.PAD);
        int n = copyAscii(modalias, s);
        if (n == NOT_ASCII) {
            byte[] utf8 = modalias.getBytes(StandardCharsets.UTF_8);
            s = scratch(utf8.length + PrefixCheck.PAD);
            System.arraycopy(utf8, 0, s, 0, utf8.length);
            n = normalize(s, utf8.length);
        }
        if (n < 0) {
            return null;
        }
        int[] hits = scan(s, n);
        for (long payload : always) {
            hits = consider(payload, s, n, hits);
        }
        if (n < 4 && !shortLiterals.isEmpty()) {
            for (long payload : shortLiterals.getOrDefault(new String(s, 0, n, StandardCharsets.ISO_8859_1), NO_PAYLOADS)) {
                hits = consider(payload, s, n, hits);
            }
        }
        if (hits == null) {
            return null;
        }
        hits = sortedUnique(hits);
        return verify ? matching(hits, s, n) : hits;
    }

    /** This thread's buffer, at least {@code size} bytes. */
    private static byte[] scratch(int size) {
        byte[] b = SCRATCH.get();
        if (b.length < size) {
            b = new byte[Math.max(size, 2 * b.length)];
            if (b.length <= SCRATCH_KEPT) {
                SCRATCH.set(b);
            }
        }
        return b;
    }

    /**
     * Copies an all-ASCII string into {@code s} as kmod matches it ('-' as '_' outside bracket
     * expressions), returning its length, or -1 for an unmatched bracket; {@link #NOT_ASCII}
     * for any other string, which is matched as its UTF-8 bytes.
     */
    private static int copyAscii(String m, byte[] s) {
        int n = m.length();
        int seen = 0;
        int marks = 0;
        for (int i = 0; i < n; i++) {
            char c = m.charAt(i);
            int x = ASCII[c & 0x7f];
            seen |= c;
            marks |= x;
            s[i] = (byte) x;
        }
        if (seen >= 0x80) {
            return NOT_ASCII;
        }
        if ((marks & BRACKET) == 0) {
            return n;
        }
        for (int i = 0; i < n; i++) {
            s[i] = (byte) m.charAt(i);
        }
        return normalize(s, n);
    }

    /** Each ASCII character as a string outside brackets is matched: itself, '-' as '_', '[' and ']' marked. */
    private static int[] asciiTable() {
        int[] t = new int[128];
        for (int c = 0; c < 128; c++) {
            t[c] = c == '-' ? '_' : c == '[' || c == ']' ? c | BRACKET : c;
        }
        return t;
    }

    /**
     * Makes {@code b[0..n)} the string as kmod matches it, in place: '-' as '_' outside bracket
     * expressions. Returns {@code n}, or -1 for an unmatched bracket (libkmod's
     * {@code alias_normalize} refuses those).
     */
    private static int normalize(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c == '-') {
                b[i] = '_';
            } else if (c == ']') {
                return -1;
            } else if (c == '[') {
                int j = i + 1;
                while (j < n && b[j] != ']') {
                    j++;
                }
                if (j == n) {
                    return -1;
                }
                i = j;
            }
        }
        return n;
    }

    /**
     * Looks up the string's 8-byte windows in the gram index, and its 4-byte ones, each at
     * every position or only where grams of that width are anchored, and considers the
     * patterns found there.
     */
    private int[] scan(byte[] s, int n) {
        int[] hits = scanEverywhere(s, n, 8, null);
        hits = scanAnchors(s, n, 8, hits);
        hits = scanEverywhere(s, n, 4, hits);
        return scanAnchors(s, n, 4, hits);
    }

    /** The windows of one width at every position, 64 at a time through the bloom filter. */
    private int[] scanEverywhere(byte[] s, int n, int width, int[] hits) {
        if (grams.everywhere(width)) {
            for (int from = 0; from + width <= n; from += 64) {
                for (long may = grams.mayHold(s, from, n, width); may != 0; may &= may - 1) {
                    hits = lookAt(from + Long.numberOfTrailingZeros(may), s, n, width, hits);
                }
            }
        }
        return hits;
    }

    private int[] scanAnchors(byte[] s, int n, int width, int[] hits) {
        for (int i : grams.anchors(width)) {
            if (i + width > n) {
                break;
            }
            if (grams.mayHold(s, i, i + width, width) != 0) {
                hits = lookAt(i, s, n, width, hits);
            }
        }
        return hits;
    }

    /** Considers the patterns filed under the window of {@code width} bytes at {@code i}. */
    private int[] lookAt(int i, byte[] s, int n, int width, int[] hits) {
        long found = grams.find(GramIndex.gramAt(s, i, width));
        return found == 0 ? hits : gather(found, i, s, n, hits);
    }

    /** Considers the patterns of a non-zero {@link GramIndex#find} result whose piece may be at {@code pos}. */
    private int[] gather(long found, int pos, byte[] s, int n, int[] hits) {
        if (found > 0) {
            return GramIndex.anchoredAt(found, pos) ? consider(GramIndex.payload(found), s, n, hits) : hits;
        }
        for (int e = GramIndex.rangeStart(found), end = GramIndex.rangeEnd(found); e < end; e++) {
            long entry = grams.entry(e);
            if (GramIndex.anchoredAt(entry, pos)) {
                hits = consider(GramIndex.payload(entry), s, n, hits);
            }
        }
        return hits;
    }

    /** Adds the payload's record to {@code hits} if its prefix fingerprint fits the string. */
    private int[] consider(long payload, byte[] s, int n, int[] hits) {
        return PrefixCheck.admits(payload, s, n) ? add(hits, PrefixCheck.record(payload)) : hits;
    }

    /** Keeps, of the count-prefixed records, those whose pattern matches the string; null if none does. */
    private int[] matching(int[] hits, byte[] s, int n) {
        int k = 0;
        for (int i = 1; i <= hits[0]; i++) {
            if (records.matches(hits[i], s, n)) {
                hits[++k] = hits[i];
            }
        }
        hits[0] = k;
        return k == 0 ? null : hits;
    }

    /** Appends to a count-prefixed array, made or grown as needed. */
    private static int[] add(int[] hits, int record) {
        if (hits == null) {
            hits = new int[4];
        } else if (hits[0] + 1 == hits.length) {
            hits = Arrays.copyOf(hits, 2 * hits.length);
        }
        hits[++hits[0]] = record;
        return hits;
    }

    /** The count-prefixed records sorted, each once (a pattern is found twice when its piece occurs twice). */
    private static int[] sortedUnique(int[] hits) {
        int n = hits[0];
        if (n == 1) {
            return hits;
        }
        Arrays.sort(hits, 1, n + 1);
        int k = 1;
        for (int i = 2; i <= n; i++) {
            if (hits[i] != hits[k]) {
                hits[++k] = hits[i];
            }
        }
        hits[0] = k;
        return hits;
    }

    private static int firstWildcard(String p) {
        return TrieWalk.nextWildcard(p, 0);
    }

    /** kmod compares bytes: a string with non-ASCII characters is matched as its UTF-8 bytes. */
    private static String bytewise(String s) {
        return isAscii(s) ? s : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }
}
