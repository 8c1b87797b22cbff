// The kernel's table of exported symbols: /proc/kallsyms, Kallsyms lookups, modversions' view.
package org.modkern.core.symbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.modkern.api.module.KernelSymbol;
import org.modkern.api.spi.SymbolBackend;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

/**
 * Every symbol the running kernel exports: the packages exported by resolved bundles, read from
 * the framework's wiring each time (so a module's symbols appear with it and go with it). The
 * kernel core's symbols (the framework's and the boot bundles') come first, then each module's.
 *
 * <p>{@code /proc/kallsyms} prints one line a symbol, Linux's {@code ADDRESS TYPE NAME\t[MODULE]}
 * with the export's version and kind between name and module, tab-separated:
 * <pre>
 * 0000000000000001 T org.modkern.api	1.1.0	EXPORT_SYMBOL
 * 0000000000000001 T org.modkern.api.module	1.0.0	EXPORT_SYMBOL_GPL
 * 0000000000000009 T org.modkern.examples.dmabuf	1.0.0	EXPORT_SYMBOL_NS(DMA_BUF)	[dma_buf]
 * </pre>
 * ADDRESS is the exporting bundle's id (as {@code /proc/modules} shows a module's), TYPE is
 * always {@code T}, the kind is {@code EXPORT_SYMBOL}, {@code EXPORT_SYMBOL_GPL},
 * {@code EXPORT_SYMBOL_NS(NS)} or {@code EXPORT_SYMBOL_NS_GPL(NS)}, and {@code [MODULE]} names
 * the owning module; the kernel core's symbols have none. The JVM's own packages are not listed:
 * {@code java.*}, and those the framework exports for the JRE (versioned
 * {@code 0.0.0.JavaSE_NNN}).
 */
public final class SymbolTable implements SymbolBackend {

    /** One exported symbol and the bundle that exports it. */
    public record Entry(KernelSymbol symbol, long bundleId) {

        /** The symbol's {@code /proc/kallsyms} line, without the newline. */
        public String kallsymsLine() {
            KernelSymbol s = symbol;
            String kind = "EXPORT_SYMBOL" + (s.namespace() != null ? "_NS" : "") + (s.gplOnly() ? "_GPL" : "")
                    + (s.namespace() != null ? "(" + s.namespace() + ")" : "");
            return String.format("%016x T %s\t%s\t%s", bundleId, s.name(), s.version(), kind)
                    + (s.owner() != null ? "\t[" + s.owner() + "]" : "");
        }
    }

    /** Kernel core first, then by bundle id, each bundle's by name (a class: lambdas would be spun at boot). */
    private static final Comparator<Entry> ORDER = new Comparator<>() {
        @Override
        public int compare(Entry a, Entry b) {
            int c = Boolean.compare(a.symbol().owner() != null, b.symbol().owner() != null);
            if (c == 0) {
                c = Long.compare(a.bundleId(), b.bundleId());
            }
            return c != 0 ? c : a.symbol().name().compareTo(b.symbol().name());
        }
    };

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final BundleContext ctx;
    private final FrameworkWiring frameworkWiring;
    private final LongFunction<String> moduleName;
    private final long apiBundle;
    /** {@link #exportsOf} answers kept, by package. */
    private final Map<String, List<Entry>> exports = new ConcurrentHashMap<>();
    /** Counts the times the kept answers were forgotten. */
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param ctx the kernel core's bundle context
     * @param moduleName the module a bundle id belongs to, or null for a bundle that is none
     */
    public SymbolTable(BundleContext ctx, LongFunction<String> moduleName) {
        this.ctx = ctx;
        this.frameworkWiring = ctx.getBundle(0).adapt(FrameworkWiring.class);
        this.moduleName = moduleName;
        Bundle api = FrameworkUtil.getBundle(KernelSymbol.class);
        this.apiBundle = api == null ? -1 : api.getBundleId();
        ctx.addBundleListener(new Invalidator());
    }

    /** Every exported symbol but the JVM's, kernel core first, each bundle's in name order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : all()) {
            if (listed(e)) {
                out.add(e);
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** False for the JVM's packages, which kallsyms does not list. */
    private static boolean listed(Entry e) {
        return !e.symbol().name().startsWith("java.") && !e.symbol().version().contains(".JavaSE");
    }

    /** The versions at which a package is exported now, the JVM's included; empty if none. */
    public List<String> versions(String pkg) {
        List<String> out = new ArrayList<>();
        for (Entry e : exportsOf(pkg)) {
            out.add(e.symbol().version());
        }
        return out;
    }

    /** The kernel core's export of a package (not a module's), or null. */
    public KernelSymbol coreSymbol(String pkg) {
        for (Entry e : exportsOf(pkg)) {
            if (e.symbol().owner() == null) {
                return e.symbol();
            }
        }
        return null;
    }

    /**
     * The exports of one package in effect now, in {@link #entries()} order. Asked on every
     * module load (modversions), so the answers are kept until a bundle that declares exports
     * resolves, unresolves or goes ({@link Invalidator}); a module that exports nothing, as most
     * do, leaves them alone.
     */
    private List<Entry> exportsOf(String pkg) {
        List<Entry> known = exports.get(pkg);
        if (known != null) {
            return known;
        }
        long before = generation.get();
        List<Entry> found = List.copyOf(findExports(pkg));
        if (generation.get() == before) {
            // nothing changed while we looked: the answer may be kept
            exports.put(pkg, found);
        }
        return found;
    }

    /**
     * The exports of one package, from the framework's capability index (a walk of every bundle
     * would read the system bundle's hundreds of JVM packages): an export counts if its bundle is
     * resolved, its wiring current, and the bundle did not import the package from another
     * exporter instead (a substituted export is not in effect).
     */
    private List<Entry> findExports(String pkg) {
        List<Entry> out = new ArrayList<>();
        for (BundleCapability cap : frameworkWiring.findProviders(new PackageRequirement(pkg))) {
            BundleWiring w = cap.getRevision().getWiring();
            if (w == null || !w.isCurrent() || substituted(w, pkg)) {
                continue;
            }
            Bundle b = hostOf(w).getBundle();
            out.add(entry(cap, b, moduleName.apply(b.getBundleId())));
        }
        out.sort(ORDER);
        return out;
    }

    /**
     * Forgets every kept answer when a bundle's exports may have come or gone: it resolves,
     * unresolves, is uninstalled or updated, and it declares exports or has kept answers of its
     * own (a fragment's exports are its host's).
     */
    private final class Invalidator implements SynchronousBundleListener {
        @Override
        public void bundleChanged(BundleEvent event) {
            switch (event.getType()) {
                case BundleEvent.RESOLVED, BundleEvent.UNRESOLVED, BundleEvent.UNINSTALLED, BundleEvent.UPDATED -> {
                    if (involved(event.getBundle())) {
                        generation.incrementAndGet();
                        exports.clear();
                    }
                }
                default -> {
                    // no export comes or goes
                }
            }
        }

        private boolean involved(Bundle b) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r != null && !r.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE).isEmpty()) {
                return true;
            }
            long id = b.getBundleId();
            for (List<Entry> entries : exports.values()) {
                for (Entry e : entries) {
                    if (e.bundleId() == id) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean substituted(BundleWiring w, String pkg) {
        for (BundleWire wire : w.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            if (pkg.equals(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))
                    && !wire.getProviderWiring().equals(w)) {
                return true;
            }
        }
        return false;
    }

    /** A fragment's exports are its host's, as the host's wiring lists them. */
    private static BundleWiring hostOf(BundleWiring w) {
        if ((w.getRevision().getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
            List<BundleWire> hosts = w.getRequiredWires(BundleRevision.HOST_NAMESPACE);
            if (!hosts.isEmpty()) {
                return hosts.get(0).getProviderWiring();
            }
        }
        return w;
    }

    private static Entry entry(BundleCapability cap, Bundle b, String owner) {
        SymbolPolicy.Export x = SymbolPolicy.Export.of(cap);
        Object v = cap.getAttributes().get("version");
        return new Entry(new KernelSymbol(x.symbol(), v == null ? "0.0.0" : v.toString(), owner, x.gplOnly(),
                x.namespace()), b.getBundleId());
    }

    /** A requirement for one package, to ask the framework's capability index with. */
    private record PackageRequirement(String pkg) implements Requirement {
        @Override
        public String getNamespace() {
            return BundleRevision.PACKAGE_NAMESPACE;
        }

        @Override
        public Map<String, String> getDirectives() {
            return Map.of(Namespace.REQUIREMENT_FILTER_DIRECTIVE,
                    "(" + BundleRevision.PACKAGE_NAMESPACE + "=" + escape(pkg) + ")");
        }

        @Override
        public Map<String, Object> getAttributes() {
            return Map.of();
        }

        @Override
        public Resource getResource() {
            return null;
        }

        /** A filter value's special characters, backslash-escaped (RFC 1960). */
        private static String escape(String v) {
            StringBuilder sb = new StringBuilder(v.length());
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' || c == '*' || c == '(' || c == ')') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.toString();
        }
    }

    private List<Entry> all() {
        List<Entry> out = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null || !w.isCurrent()) {
                continue;
            }
            String owner = moduleName.apply(b.getBundleId());
            for (BundleCapability cap : w.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                out.add(entry(cap, b, owner));
            }
        }
        return out;
    }

    @Override
    public KernelSymbol lookup(String name) {
        checkCaller();
        for (Entry e : exportsOf(name)) {
            if (listed(e)) {
                return e.symbol();
            }
        }
        return null;
    }

    @Override
    public String moduleOf(Class<?> c) {
        checkCaller();
        Bundle b = FrameworkUtil.getBundle(c);
        return b == null ? null : moduleName.apply(b.getBundleId());
    }

    @Override
    public List<KernelSymbol> symbols() {
        checkCaller();
        List<KernelSymbol> out = new ArrayList<>();
        entries().forEach(e -> out.add(e.symbol()));
        return out;
    }

    /**
     * Refuses a caller that is not GPL-compatible: the nearest frame on the stack that belongs
     * to a bundle other than the kernel's own. The caller is found here rather than passed in,
     * since a module can reach this service object without wiring to its package.
     */
    private void checkCaller() {
        long core = ctx.getBundle().getBundleId();
        Bundle caller = WALKER.walk(frames -> frames
                .map(f -> FrameworkUtil.getBundle(f.getDeclaringClass()))
                .filter(b -> b != null && b.getBundleId() != core && b.getBundleId() != apiBundle)
                .findFirst().orElse(null));
        String license = caller == null ? null : caller.getHeaders("").get("Module-License");
        if (!ModuleInfo.isGplCompatible(license == null ? null : license.trim())) {
            throw new SecurityException("Operation not permitted: Kallsyms is EXPORT_SYMBOL_GPL and "
                    + (caller == null ? "the caller is no bundle" : caller.getSymbolicName() + " is not GPL-compatible"));
        }
    }
}
