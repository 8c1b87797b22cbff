/**
 * The module author's API: the {@link org.modkern.api.KernelModule} entry points, the
 * {@link org.modkern.api.Module} and {@link org.modkern.api.Param} annotations that the build
 * turns into manifest headers, {@link org.modkern.api.Errno} codes and
 * {@link org.modkern.api.Printk printk}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.api;
