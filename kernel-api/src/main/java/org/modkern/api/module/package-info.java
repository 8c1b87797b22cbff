// Module internals for modules (EXPORT_SYMBOL_GPL): the kernel's symbol table and module lookup.
/**
 * Module internals: what Linux's {@code kernel/module/} exports only to GPL-compatible modules
 * ({@code find_symbol}, {@code kallsyms_lookup_name}, {@code __module_address}). A module whose
 * {@code Module-License} is not GPL-compatible cannot wire to this package: its load fails with
 * {@code Unknown symbol org.modkern.api.module}.
 */
@org.modkern.api.ExportSymbolGpl
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.api.module;
