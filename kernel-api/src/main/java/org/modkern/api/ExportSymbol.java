// The EXPORT_SYMBOL annotation: a package every module may link against.
package org.modkern.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exports a package as a symbol every module may use: Linux's {@code EXPORT_SYMBOL}, or with
 * {@link #ns()} {@code EXPORT_SYMBOL_NS}.
 *
 * <p>Put it in the package's {@code package-info.java} next to
 * {@code @org.osgi.annotation.versioning.Version}:
 * <pre>{@code
 * @ExportSymbol(ns = "DMA_BUF")
 * @Version("1.0.0")
 * package org.example.dmabuf;
 * }</pre>
 * At build time kernel-api's annotation processor turns it into an {@code Export-Package} clause
 * of the bnd include file it writes; bnd adds the version. A namespaced export carries
 * {@code symbol.ns="NS"} and wires only to modules that list the namespace in
 * {@code Module-Import-NS} ({@link Module#importNs()}). The kernel reads the manifest only, so
 * a bundle built by another tool exports a symbol by writing the same attributes.
 *
 * @see ExportSymbolGpl
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface ExportSymbol {

    /** The symbol namespace, Linux's {@code EXPORT_SYMBOL_NS(sym, NS)}; empty for none. */
    String ns() default "";
}
