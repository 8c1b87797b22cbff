// Static entry points to the kernel's symbol table, GPL-only like Linux's kallsyms lookups.
package org.modkern.api.module;

import java.util.List;
import org.modkern.api.spi.SymbolBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The kernel's symbol table for GPL-compatible modules: Linux's {@code kallsyms_lookup_name()}
 * and {@code find_symbol()} ({@link #lookup}), {@code __module_address()} ({@link #moduleOf})
 * and the list {@code /proc/kallsyms} prints ({@link #symbols}).
 *
 * <p>Besides the wiring rule that keeps this package away from other modules, the kernel checks
 * who calls: when the nearest caller outside the kernel's own bundles is not a GPL-compatible
 * module, the call throws {@link SecurityException}, also when that caller reached this class
 * through another bundle's class loader and reflection. Outside a running kernel every lookup
 * answers {@code null} or an empty list.
 */
public final class Kallsyms {

    private static volatile ServiceTracker<SymbolBackend, SymbolBackend> tracker;

    private Kallsyms() {
    }

    /**
     * The exported symbol of that name, or {@code null} if no bundle exports it.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    public static KernelSymbol lookup(String name) {
        SymbolBackend b = backend();
        return b == null ? null : b.lookup(name);
    }

    /**
     * The name of the module a class belongs to, or {@code null} for a class of the kernel
     * core or of a bundle that is no module.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    public static String moduleOf(Class<?> c) {
        SymbolBackend b = backend();
        return b == null ? null : b.moduleOf(c);
    }

    /**
     * Every exported symbol, in {@code /proc/kallsyms} order.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    public static List<KernelSymbol> symbols() {
        SymbolBackend b = backend();
        return b == null ? List.of() : b.symbols();
    }

    private static SymbolBackend backend() {
        ServiceTracker<SymbolBackend, SymbolBackend> t = tracker;
        if (t == null) {
            t = openTracker();
            if (t == null) {
                return null;
            }
        }
        return t.getService();
    }

    private static synchronized ServiceTracker<SymbolBackend, SymbolBackend> openTracker() {
        if (tracker != null) {
            return tracker;
        }
        Bundle self = FrameworkUtil.getBundle(Kallsyms.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        if (ctx == null) {
            return null;
        }
        ServiceTracker<SymbolBackend, SymbolBackend> t = new ServiceTracker<>(ctx, SymbolBackend.class, null);
        t.open();
        tracker = t;
        return t;
    }
}
