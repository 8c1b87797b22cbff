// Kernel-internal services that kernel-api itself calls (EXPORT_SYMBOL_GPL).
/**
 * Services the kernel core provides to kernel-api itself; not for modules. GPL-only, as
 * Linux keeps its internals.
 */
@org.modkern.api.ExportSymbolGpl
@org.osgi.annotation.versioning.Version("1.1.0")
package org.modkern.api.spi;
