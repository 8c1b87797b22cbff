// strerror as an OSGi service, for the service-lookup-per-call contrast.
package org.modkern.bench.symbols.probe;

/** {@code strerror} published as a service by the benchmark module. */
public interface Strerror {

    /** The C library's text for an error number. */
    String strerror(int errno);
}
