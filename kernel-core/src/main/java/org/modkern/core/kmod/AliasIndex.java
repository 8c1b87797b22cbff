// The alias -> module index of modules.alias: kmod's wildcard matching, indexed for speed.
package org.modkern.core.kmod;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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
 * <p>Lookups never scan all patterns: every pattern is indexed under the longest run of literal
 * characters it requires, an Aho-Corasick automaton finds the runs present in the string in one
 * pass, and only those patterns are matched. Instances are immutable and safe for concurrent
 * readers.
 */
public final class AliasIndex {

    /** Index keys are cut to this length: any part of a required run is required too. */
    private static final int MAX_KEY = 16;
    private static final int ALPHABET = 256;
    private static final int[] NO_INTS = new int[0];

    private final String[] moduleNames;
    private final int[] patModule;
    private final String[] patText;
    private final String[] patPrefix;
    private final Glob[] patRest;
    private final Map<String, int[]> literals;
    private final int[] always;

    // The automaton: node 0 is the root; edges of node v are [edgeStart[v], edgeStart[v+1]).
    private final int[] rootNext;
    private final int[] edgeStart;
    private final char[] edgeChar;
    private final int[] edgeTarget;
    private final int[] fail;
    private final int[] outStart;
    private final int[] outPattern;
    private final int[] dictLink;

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
        patPrefix = new String[n];
        patRest = new Glob[n];
        Map<String, List<Integer>> lit = new HashMap<>();
        List<Integer> alwaysList = new ArrayList<>();
        Trie trie = new Trie();
        for (int id = 0; id < n; id++) {
            int src = order[id];
            String p = b.patterns.get(src);
            patModule[id] = b.moduleOf.get(src);
            patText[id] = p;
            int w = firstWildcard(p);
            if (w < 0) {
                lit.computeIfAbsent(p, k -> new ArrayList<>()).add(id);
                continue;
            }
            patPrefix[id] = p.substring(0, w);
            patRest[id] = Glob.compile(p.substring(w));
            String key = key(patPrefix[id], patRest[id]);
            if (key == null) {
                continue; // can never match
            }
            if (key.isEmpty()) {
                alwaysList.add(id);
            } else {
                trie.insert(key, id);
            }
        }
        literals = new HashMap<>();
        lit.forEach((k, v) -> literals.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        always = alwaysList.stream().mapToInt(Integer::intValue).toArray();

        trie.link();
        int nodes = trie.size;
        rootNext = new int[ALPHABET];
        Arrays.fill(rootNext, -1);
        edgeStart = new int[nodes + 1];
        int edges = 0;
        for (int v = 0; v < nodes; v++) {
            edgeStart[v] = edges;
            for (int c = trie.first[v]; c >= 0; c = trie.next[c]) {
                edges++;
            }
        }
        edgeStart[nodes] = edges;
        edgeChar = new char[edges];
        edgeTarget = new int[edges];
        for (int v = 0; v < nodes; v++) {
            int e = edgeStart[v];
            for (int c = trie.first[v]; c >= 0; c = trie.next[c]) {
                edgeChar[e] = trie.label[c];
                edgeTarget[e] = c;
                e++;
            }
        }
        for (int e = edgeStart[0]; e < edgeStart[1]; e++) {
            rootNext[edgeChar[e]] = edgeTarget[e];
        }
        fail = Arrays.copyOf(trie.fail, nodes);
        outStart = new int[nodes + 1];
        int outs = 0;
        for (int v = 0; v < nodes; v++) {
            outStart[v] = outs;
            outs += trie.outputs[v] == null ? 0 : trie.outputs[v].size();
        }
        outStart[nodes] = outs;
        outPattern = new int[outs];
        for (int v = 0; v < nodes; v++) {
            if (trie.outputs[v] != null) {
                int o = outStart[v];
                for (int id : trie.outputs[v]) {
                    outPattern[o++] = id;
                }
            }
        }
        dictLink = new int[nodes];
        for (int v : trie.bfsOrder) {
            int f = fail[v];
            dictLink[v] = v == 0 ? 0 : (outStart[f] < outStart[f + 1] ? f : dictLink[f]);
        }
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

    private int[] matches(String modalias) {
        String s = Names.normalizeAlias(modalias);
        if (s == null) {
            return NO_INTS;
        }
        s = bytewise(s);
        Candidates cand = new Candidates();
        int[] lit = literals.get(s);
        if (lit != null) {
            cand.addAll(lit, 0, lit.length);
        }
        cand.addAll(always, 0, always.length);
        int state = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int next = step(state, c);
            while (next < 0 && state != 0) {
                state = fail[state];
                next = step(state, c);
            }
            state = next < 0 ? 0 : next;
            int o = outStart[state] < outStart[state + 1] ? state : dictLink[state];
            while (o != 0) {
                cand.addAll(outPattern, outStart[o], outStart[o + 1]);
                o = dictLink[o];
            }
        }
        if (cand.size == 0) {
            return NO_INTS;
        }
        int[] ids = cand.sortedUnique();
        int k = 0;
        for (int id : ids) {
            Glob rest = patRest[id];
            if (rest == null || (s.startsWith(patPrefix[id]) && rest.matches(s, patPrefix[id].length()))) {
                ids[k++] = id;
            }
        }
        return k == ids.length ? ids : Arrays.copyOf(ids, k);
    }

    private int step(int state, char c) {
        if (c >= ALPHABET) {
            return -1;
        }
        if (state == 0) {
            return rootNext[c];
        }
        int end = edgeStart[state + 1];
        for (int e = edgeStart[state]; e < end; e++) {
            if (edgeChar[e] == c) {
                return edgeTarget[e];
            }
        }
        return -1;
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

    /** The longest literal run a match must contain, cut to MAX_KEY; "" if none, null if it can never match. */
    private static String key(String prefix, Glob rest) {
        String[] runs = rest.literalRuns();
        if (runs == null) {
            return null;
        }
        String best = prefix;
        for (String r : runs) {
            if (r.length() > best.length()) {
                best = r;
            }
        }
        return best.length() > MAX_KEY ? best.substring(0, MAX_KEY) : best;
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

    /** Pattern ids collected during one lookup. */
    private static final class Candidates {
        int[] ids = new int[16];
        int size;

        void addAll(int[] src, int from, int to) {
            int len = to - from;
            if (size + len > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + len));
            }
            System.arraycopy(src, from, ids, size, len);
            size += len;
        }

        int[] sortedUnique() {
            Arrays.sort(ids, 0, size);
            int k = 0;
            for (int i = 0; i < size; i++) {
                if (k == 0 || ids[k - 1] != ids[i]) {
                    ids[k++] = ids[i];
                }
            }
            return Arrays.copyOf(ids, k);
        }
    }

    /** The keyword trie while building: first-child/next-sibling lists, then failure links. */
    private static final class Trie {
        int size = 1;
        int[] first = {-1};
        int[] next = {-1};
        char[] label = {0};
        int[] fail = {0};
        List<Integer>[] outputs = newLists(1);
        int[] bfsOrder;

        void insert(String key, int id) {
            int v = 0;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                int child = first[v];
                while (child >= 0 && label[child] != c) {
                    child = next[child];
                }
                if (child < 0) {
                    child = newNode(c);
                    next[child] = first[v];
                    first[v] = child;
                }
                v = child;
            }
            if (outputs[v] == null) {
                outputs[v] = new ArrayList<>(1);
            }
            outputs[v].add(id);
        }

        private int newNode(char c) {
            if (size == first.length) {
                int cap = size * 2;
                first = Arrays.copyOf(first, cap);
                next = Arrays.copyOf(next, cap);
                label = Arrays.copyOf(label, cap);
                fail = Arrays.copyOf(fail, cap);
                outputs = Arrays.copyOf(outputs, cap);
            }
            first[size] = -1;
            next[size] = -1;
            label[size] = c;
            return size++;
        }

        int child(int v, char c) {
            for (int ch = first[v]; ch >= 0; ch = next[ch]) {
                if (label[ch] == c) {
                    return ch;
                }
            }
            return -1;
        }

        /** Breadth-first: each node's failure link is the longest proper suffix that is in the trie. */
        void link() {
            bfsOrder = new int[size];
            int k = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(0);
            while (!queue.isEmpty()) {
                int v = queue.poll();
                bfsOrder[k++] = v;
                for (int ch = first[v]; ch >= 0; ch = next[ch]) {
                    if (v == 0) {
                        fail[ch] = 0;
                    } else {
                        int f = fail[v];
                        int t = child(f, label[ch]);
                        while (t < 0 && f != 0) {
                            f = fail[f];
                            t = child(f, label[ch]);
                        }
                        fail[ch] = t < 0 ? 0 : t;
                    }
                    queue.add(ch);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static List<Integer>[] newLists(int n) {
            return (List<Integer>[]) new List<?>[n];
        }
    }
}
