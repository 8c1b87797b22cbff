/** zlib deflate, Linux's lib/zlib_deflate: a library module without init. */
@org.modkern.api.Module(license = "GPL", author = "modkern developers", description = "zlib deflate compression")
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.lib.zlib;
