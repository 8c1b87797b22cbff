// drm's exported API: EXPORT_SYMBOL, as most of Linux's DRM core.
/** The DRM core: graphics devices register here and get a minor number, /dev/dri/cardN. */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.drivers.drm;
