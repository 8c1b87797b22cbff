// The benchmark's handle on code inside a module: one call that ends in a kernel symbol.
package org.modkern.bench.symbols.probe;

/**
 * Implemented by classes inside the benchmark's module bundles; the system bundle exports this
 * package, so the benchmark and the modules see the same interface.
 */
public interface Caller {

    /** Calls {@code strerror(errno)} the way this caller links to it. */
    String call(int errno);

    /** The class loader that defined the {@code Errno} class this caller links to. */
    ClassLoader symbolLoader();
}
