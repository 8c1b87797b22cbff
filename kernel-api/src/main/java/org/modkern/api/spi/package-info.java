/**
 * Services the kernel core provides to kernel-api itself; not for modules.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.api.spi;
