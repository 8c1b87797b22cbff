// drm_kms_helper's exported API.
/** Mode-setting helpers on top of the DRM core. */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.0.0")
@org.modkern.api.Module(license = "GPL and additional rights", author = "modkern developers", description = "DRM KMS helper")
package org.modkern.drivers.drm.kms;
