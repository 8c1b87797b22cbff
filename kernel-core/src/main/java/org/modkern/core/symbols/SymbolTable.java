// The kernel's table of exported symbols: /proc/kallsyms, Kallsyms lookups, modversions' view.
package org.modkern.core.symbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongFunction;
import org.modkern.api.module.KernelSymbol;
import org.modkern.api.spi.SymbolBackend;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

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

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final BundleContext ctx;
    private final LongFunction<String> moduleName;
    private final long apiBundle;

    /**
     * @param ctx the kernel core's bundle context
     * @param moduleName the module a bundle id belongs to, or null for a bundle that is none
     */
    public SymbolTable(BundleContext ctx, LongFunction<String> moduleName) {
        this.ctx = ctx;
        this.moduleName = moduleName;
        Bundle api = FrameworkUtil.getBundle(KernelSymbol.class);
        this.apiBundle = api == null ? -1 : api.getBundleId();
    }

    /** Every exported symbol but the JVM's, kernel core first, each bundle's in name order. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : all()) {
            if (!e.symbol().name().startsWith("java.") && !e.symbol().version().contains(".JavaSE")) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing((Entry e) -> e.symbol().owner() != null)
                .thenComparingLong(Entry::bundleId).thenComparing(e -> e.symbol().name()));
        return out;
    }

    /** The versions at which a package is exported now, the JVM's included; empty if none. */
    public List<String> versions(String pkg) {
        List<String> out = new ArrayList<>();
        for (Entry e : all()) {
            if (e.symbol().name().equals(pkg)) {
                out.add(e.symbol().version());
            }
        }
        return out;
    }

    /** The kernel core's export of a package (not a module's), or null. */
    public KernelSymbol coreSymbol(String pkg) {
        for (Entry e : all()) {
            if (e.symbol().owner() == null && e.symbol().name().equals(pkg)) {
                return e.symbol();
            }
        }
        return null;
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
                SymbolPolicy.Export x = SymbolPolicy.Export.of(cap);
                Object v = cap.getAttributes().get("version");
                out.add(new Entry(new KernelSymbol(x.symbol(), v == null ? "0.0.0" : v.toString(), owner,
                        x.gplOnly(), x.namespace()), b.getBundleId()));
            }
        }
        return out;
    }

    @Override
    public KernelSymbol lookup(String name) {
        checkCaller();
        for (Entry e : entries()) {
            if (e.symbol().name().equals(name)) {
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
