// One exported symbol as the kernel's symbol table knows it.
package org.modkern.api.module;

/**
 * An exported symbol: a package some bundle of the running kernel exports.
 *
 * @param name the package name
 * @param version the exported version
 * @param owner the module that exports it, or {@code null} for the kernel core ("vmlinux")
 * @param gplOnly exported with {@code symbol.license="GPL"} ({@code EXPORT_SYMBOL_GPL})
 * @param namespace the symbol namespace ({@code symbol.ns}), or {@code null}
 */
public record KernelSymbol(String name, String version, String owner, boolean gplOnly, String namespace) {
}
