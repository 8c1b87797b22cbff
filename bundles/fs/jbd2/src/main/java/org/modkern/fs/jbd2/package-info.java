/** The block journal filesystems write through, Linux's jbd2: a library module without init. */
@org.modkern.api.Module(license = "GPL", author = "modkern developers", description = "Generic filesystem journal-writing module")
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.fs.jbd2;
