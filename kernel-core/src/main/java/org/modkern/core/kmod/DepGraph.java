// depmod's calculation: symbol owners, module dependencies, kmod's topological order and cycle report.
package org.modkern.core.kmod;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.modkern.core.manifest.ModuleInfo;

/**
 * The dependency graph depmod computes, the way tools/depmod.c computes it, so that its output
 * orders agree with kmod's: a symbol (exported package) belongs to the last module in catalog
 * order that exports it; a module depends on the owners of what it imports, in import order;
 * modules are numbered by a topological sort that visits modules without users first (a LIFO
 * of roots seeded in catalog order); a module's dependency list is its transitive closure sorted
 * by that number, which is reverse load order.
 */
final class DepGraph {

    final List<Catalog.Entry> modules;
    /** Direct dependencies of each module, by index, sorted by {@link #sortIdx} once acyclic. */
    final int[][] deps;
    /** The topological number of each module; dependents have smaller numbers. */
    final int[] sortIdx;
    /** Symbol name to owning module index, for modules.symbols. */
    final Map<String, Integer> owners;
    /** False if the graph has cycles (already reported). */
    final boolean acyclic;

    private DepGraph(List<Catalog.Entry> modules, int[][] deps, int[] sortIdx, Map<String, Integer> owners,
            boolean acyclic) {
        this.modules = modules;
        this.deps = deps;
        this.sortIdx = sortIdx;
        this.owners = owners;
        this.acyclic = acyclic;
    }

    /**
     * Computes the graph and logs what depmod logs: unknown symbols, duplicate exports and
     * dependency cycles.
     */
    static DepGraph build(List<Catalog.Entry> modules, Predicate<String> kernelProvides, KmodLog log) {
        int n = modules.size();
        Map<String, Integer> owners = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (ModuleInfo.Export ex : modules.get(i).info().exports()) {
                Integer old = owners.put(ex.pkg(), i);
                if (old != null && old != i) {
                    log.warn("duplicate module syms:\nsymbol:" + ex.pkg() + " " + modules.get(i).name());
                }
            }
        }
        int[][] deps = new int[n][];
        int[] users = new int[n];
        for (int i = 0; i < n; i++) {
            Catalog.Entry mod = modules.get(i);
            Set<String> own = new java.util.HashSet<>();
            for (ModuleInfo.Export ex : mod.info().exports()) {
                own.add(ex.pkg());
            }
            Set<Integer> list = new LinkedHashSet<>();
            for (ModuleInfo.Import im : mod.info().imports()) {
                String pkg = im.pkg();
                if (own.contains(pkg)) {
                    continue; // a bundle importing what it exports needs nobody for it
                }
                Integer owner = owners.get(pkg);
                if (owner == null) {
                    if (!kernelProvides.test(pkg) && !im.optional()) {
                        log.warn(mod.path() + " needs unknown symbol " + pkg);
                    }
                    continue;
                }
                if (list.add(owner)) {
                    users[owner]++;
                }
            }
            deps[i] = list.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] sortIdx = new int[n];
        boolean acyclic = topoSort(deps, users, sortIdx);
        if (acyclic) {
            for (int[] d : deps) {
                sortByIdx(d, sortIdx);
            }
        } else {
            new CycleReport(modules, deps, log).report(users);
        }
        return new DepGraph(modules, deps, sortIdx, owners, acyclic);
    }

    /** kmod's sort: roots (no users) on a stack seeded in catalog order; popping numbers them. */
    private static boolean topoSort(int[][] deps, int[] users, int[] sortIdx) {
        int n = deps.length;
        Arrays.fill(sortIdx, Integer.MAX_VALUE);
        int[] roots = new int[n];
        int nRoots = 0;
        for (int i = 0; i < n; i++) {
            if (users[i] == 0) {
                roots[nRoots++] = i;
            }
        }
        int sorted = 0;
        while (nRoots > 0) {
            int src = roots[--nRoots];
            sortIdx[src] = sorted++;
            for (int dst : deps[src]) {
                if (--users[dst] == 0) {
                    roots[nRoots++] = dst;
                }
            }
        }
        return sorted == n;
    }

    private static void sortByIdx(int[] a, int[] sortIdx) {
        // insertion sort: dependency lists are short
        for (int i = 1; i < a.length; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= 0 && sortIdx[a[j]] > sortIdx[v]) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** Every module the given one needs, directly or not, in modules.dep order (reverse load order). */
    synchronized int[] closure(int mod) {
        if (deps[mod].length == 0) {
            return deps[mod];
        }
        Walk w = walk;
        if (w == null || w.seen.length != modules.size()) {
            w = walk = new Walk(modules.size());
        }
        int stamp = ++w.stamp;
        int n = 0;
        int top = 0;
        w.stack[top++] = mod;
        while (top > 0) {
            for (int d : deps[w.stack[--top]]) {
                if (w.seen[d] != stamp) {
                    w.seen[d] = stamp;
                    w.out[n++] = d;
                    w.stack[top++] = d;
                }
            }
        }
        int[] a = Arrays.copyOf(w.out, n);
        sortByIdx(a, sortIdx);
        return a;
    }

    /** Scratch space of {@link #closure}, reused: one graph is walked by one thread at a time. */
    private Walk walk;

    private static final class Walk {
        final int[] seen;
        final int[] out;
        final int[] stack;
        int stamp;

        Walk(int n) {
            seen = new int[n];
            out = new int[n];
            stack = new int[n + 1];
        }
    }

    /** depmod's cycle report: walks from each remaining module and prints every loop back to it. */
    private static final class CycleReport {
        private final List<Catalog.Entry> modules;
        private final int[][] deps;
        private final KmodLog log;
        private final boolean[] visited;

        CycleReport(List<Catalog.Entry> modules, int[][] deps, KmodLog log) {
            this.modules = modules;
            this.deps = deps;
            this.log = log;
            this.visited = new boolean[modules.size()];
        }

        /** A path from the walk's root, as a linked list towards it. */
        private record Vertex(int mod, Vertex parent) {
        }

        void report(int[] users) {
            List<Integer> roots = new ArrayList<>();
            for (int i = 0; i < users.length; i++) {
                if (users[i] > 0) {
                    roots.add(i);
                }
            }
            Set<String> inLoops = new java.util.HashSet<>();
            while (!roots.isEmpty()) {
                int root = roots.remove(0);
                fromRoot(root, roots, inLoops);
            }
            log.error("Found " + inLoops.size() + " modules in dependency cycles!");
        }

        private void fromRoot(int rootMod, List<Integer> roots, Set<String> inLoops) {
            Deque<Vertex> stack = new ArrayDeque<>();
            stack.push(new Vertex(rootMod, null));
            while (!stack.isEmpty()) {
                Vertex v = stack.pop();
                int m = v.mod();
                if (visited[m] && m == rootMod) {
                    reportOne(v, roots, inLoops);
                    continue;
                }
                if (onPath(v.parent(), m)) {
                    continue; // a loop not through this root: kmod would walk it forever
                }
                visited[m] = true;
                if (deps[m].length == 0) {
                    removeRoot(roots, m);
                    continue;
                }
                for (int d : deps[m]) {
                    stack.push(new Vertex(d, v));
                }
            }
        }

        /**
         * libkmod's lists are circular and removing an element leaves the list starting at the
         * element after it: the order in which the remaining roots are walked depends on it.
         */
        private static void removeRoot(List<Integer> roots, int m) {
            int idx = roots.indexOf(m);
            if (idx < 0) {
                return;
            }
            roots.remove(idx);
            if (!roots.isEmpty()) {
                Collections.rotate(roots, -(idx % roots.size()));
            }
        }

        private static boolean onPath(Vertex v, int m) {
            for (; v != null; v = v.parent()) {
                if (v.mod() == m) {
                    return true;
                }
            }
            return false;
        }

        private void reportOne(Vertex v, List<Integer> roots, Set<String> inLoops) {
            List<Integer> reverse = new ArrayList<>();
            for (Vertex p = v.parent(); p != null; p = p.parent()) {
                reverse.add(p.mod());
                inLoops.add(modules.get(p.mod()).name());
            }
            StringBuilder sb = new StringBuilder();
            for (int i = reverse.size() - 1; i >= 0; i--) {
                int m = reverse.get(i);
                sb.append(modules.get(m).name()).append(" -> ");
                removeRoot(roots, m);
            }
            sb.append(modules.get(v.mod()).name());
            log.error("Cycle detected: " + sb);
        }
    }
}
