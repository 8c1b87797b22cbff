// The EXPORT_SYMBOL_GPL annotation: a package only GPL-compatible modules may link against.
package org.modkern.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exports a package as a GPL-only symbol: Linux's {@code EXPORT_SYMBOL_GPL}, or with
 * {@link #ns()} {@code EXPORT_SYMBOL_NS_GPL}.
 *
 * <p>Used like {@link ExportSymbol} in {@code package-info.java}; the export carries
 * {@code symbol.license="GPL"}. The kernel wires it only to modules whose
 * {@code Module-License} is GPL-compatible ({@code GPL}, {@code GPL v2},
 * {@code GPL and additional rights}, {@code Dual BSD/GPL}, {@code Dual MIT/GPL},
 * {@code Dual MPL/GPL}); any other module fails to load with {@code Unknown symbol}, and its
 * class loader cannot load the package's classes either.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface ExportSymbolGpl {

    /** The symbol namespace, Linux's {@code EXPORT_SYMBOL_NS_GPL(sym, NS)}; empty for none. */
    String ns() default "";
}
