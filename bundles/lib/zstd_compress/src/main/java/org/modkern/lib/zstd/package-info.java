/** Zstandard frames (RFC 8878), Linux's lib/zstd: a library module without init. */
@org.modkern.api.Module(license = "Dual BSD/GPL", author = "modkern developers", description = "Zstd compression (raw-block frames)")
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.lib.zstd;
