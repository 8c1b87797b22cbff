/** The cache of shared metadata blocks (extended attributes), Linux's mbcache: a library module without init. */
@org.modkern.api.Module(license = "GPL", author = "modkern developers", description = "Meta block cache (for extended attributes)")
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.fs.mbcache;
