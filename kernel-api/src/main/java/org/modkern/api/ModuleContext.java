package org.modkern.api;

import org.osgi.framework.BundleContext;

/**
 * What the kernel hands a module at init: its name, its parameters and its bundle context.
 * Services registered through {@link #bundleContext()} are unregistered by the kernel when the
 * module goes away, also when init fails.
 */
public interface ModuleContext {

    /** The module's name, with '-' written as '_' as Linux shows it. */
    String name();

    /**
     * The current value of a parameter declared in {@code Module-Param}, as its Java type
     * ({@code Integer}, {@code Boolean}, {@code String}, {@code int[]} ...), or {@code null}
     * if the module declares no such parameter.
     */
    Object param(String name);

    /** The OSGi context of the module's bundle, for services and resources. */
    BundleContext bundleContext();
}
