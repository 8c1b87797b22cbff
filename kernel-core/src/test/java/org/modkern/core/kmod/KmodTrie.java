// Test model: kmod's alias index as a radix trie, built as depmod builds it and searched as libkmod searches it.
package org.modkern.core.kmod;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A plain model of modules.alias.bin for checking {@link AliasIndex}: keys go into a radix trie
 * whose nodes split where keys diverge (depmod's {@code index_insert}), and a lookup walks it
 * along the string, matching the patterns under each wildcard child, and under a node whose
 * prefix holds a wildcard, with {@code fnmatch}, and following the string's own characters
 * otherwise (libkmod's {@code index_mm_searchwild}). Slow and simple on purpose.
 */
final class KmodTrie {

    private static final String WILDCARDS = "*?[";

    private static final class Node {
        String prefix = "";
        final TreeMap<Character, Node> children = new TreeMap<>();
        final List<Integer> values = new ArrayList<>();
    }

    private final Node root = new Node();

    /** Files value {@code value} under the key. */
    void insert(String key, int value) {
        Node node = root;
        int i = 0;
        while (true) {
            String p = node.prefix;
            int j = 0;
            while (j < p.length() && i + j < key.length() && p.charAt(j) == key.charAt(i + j)) {
                j++;
            }
            if (j < p.length()) {
                Node rest = new Node();
                rest.prefix = p.substring(j + 1);
                rest.children.putAll(node.children);
                rest.values.addAll(node.values);
                node.children.clear();
                node.values.clear();
                node.children.put(p.charAt(j), rest);
                node.prefix = p.substring(0, j);
            }
            i += j;
            if (i == key.length()) {
                node.values.add(value);
                return;
            }
            Node next = node.children.get(key.charAt(i));
            if (next == null) {
                next = new Node();
                next.prefix = key.substring(i + 1);
                next.values.add(value);
                node.children.put(key.charAt(i), next);
                return;
            }
            node = next;
            i++;
        }
    }

    /** The values the walk for {@code key} finds, once per time it finds them, in no particular order. */
    List<Integer> search(String key) {
        List<Integer> out = new ArrayList<>();
        Node node = root;
        int i = 0;
        while (node != null) {
            String p = node.prefix;
            for (int j = 0; j < p.length(); j++) {
                char ch = p.charAt(j);
                if (WILDCARDS.indexOf(ch) >= 0) {
                    collect(node, p.substring(j), key.substring(i + j), out);
                    return out;
                }
                if (i + j >= key.length() || ch != key.charAt(i + j)) {
                    return out;
                }
            }
            i += p.length();
            for (char w : WILDCARDS.toCharArray()) {
                Node child = node.children.get(w);
                if (child != null) {
                    collect(child, w + child.prefix, key.substring(i), out);
                }
            }
            if (i == key.length()) {
                out.addAll(node.values);
                return out;
            }
            node = node.children.get(key.charAt(i));
            i++;
        }
        return out;
    }

    /** Every value at or below the node whose pattern, from the wildcard on ({@code glob}), matches the rest. */
    private static void collect(Node node, String glob, String rest, List<Integer> out) {
        for (var e : node.children.entrySet()) {
            collect(e.getValue(), glob + e.getKey() + e.getValue().prefix, rest, out);
        }
        if (!node.values.isEmpty() && Glob.fnmatch(glob, rest)) {
            out.addAll(node.values);
        }
    }
}
