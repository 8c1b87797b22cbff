package org.modkern.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a module and its metadata, Linux's {@code MODULE_LICENSE}, {@code MODULE_AUTHOR},
 * {@code MODULE_DESCRIPTION}, {@code MODULE_VERSION}, {@code MODULE_ALIAS},
 * {@code MODULE_SOFTDEP} and {@code MODULE_IMPORT_NS}.
 *
 * <p>Put it on the class that implements {@link KernelModule}; that class becomes the
 * {@code Module-Init} header. A library of symbols without init or exit (Linux's
 * {@code zlib_deflate}) puts it on a {@code package-info.java} instead. At build time kernel-api's annotation processor writes the
 * headers ({@code Module-License}, {@code Module-Author}, {@code Bundle-Description},
 * {@code Bundle-Version}, {@code Module-Alias}, {@code Module-Softdep},
 * {@code Module-Import-NS}) into a bnd include file; the kernel reads only the manifest.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Module {

    /** The license string, as Linux spells it: {@code "GPL"}, {@code "Dual MIT/GPL"}, {@code "Proprietary"}. */
    String license();

    /** Authors, one entry each. */
    String[] author() default {};

    /** One line saying what the module is. */
    String description() default "";

    /** The module version; empty keeps the build's version. */
    String version() default "";

    /** Alias patterns (fnmatch globs) under which modprobe and hotplug find the module. */
    String[] alias() default {};

    /** Soft dependencies in Linux's syntax: {@code "pre: a b post: c"}. */
    String softdep() default "";

    /** Symbol namespaces the module imports. */
    String[] importNs() default {};
}
