// The module author's API package: entry points, annotations, errno, printk (EXPORT_SYMBOL).
/**
 * The module author's API: the {@link org.modkern.api.KernelModule} entry points, the
 * {@link org.modkern.api.Module}, {@link org.modkern.api.Param}, {@link org.modkern.api.ExportSymbol}
 * and {@link org.modkern.api.ExportSymbolGpl} annotations that the build turns into manifest
 * headers, {@link org.modkern.api.Errno} codes and {@link org.modkern.api.Printk printk}.
 * Exported to every module, as Linux's {@code EXPORT_SYMBOL}.
 */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.1.0")
package org.modkern.api;
