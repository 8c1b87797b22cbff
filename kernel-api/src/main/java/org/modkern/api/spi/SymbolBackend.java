// The kernel core's symbol table as kernel-api's Kallsyms calls it.
package org.modkern.api.spi;

import java.util.List;
import org.modkern.api.module.KernelSymbol;

/**
 * The kernel's symbol table, registered as a service by the kernel core; the static methods of
 * {@link org.modkern.api.module.Kallsyms} call it. Each method finds its caller on the stack
 * itself (the nearest frame outside the kernel's bundles) and refuses one that is not a
 * GPL-compatible module; it trusts no caller-supplied identity, since a module can reach this
 * service object without wiring to its package.
 */
public interface SymbolBackend {

    /**
     * The exported symbol of that name, or null.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    KernelSymbol lookup(String name);

    /**
     * The module a class belongs to, or null.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    String moduleOf(Class<?> c);

    /**
     * Every exported symbol.
     *
     * @throws SecurityException if the caller is not a GPL-compatible module
     */
    List<KernelSymbol> symbols();
}
