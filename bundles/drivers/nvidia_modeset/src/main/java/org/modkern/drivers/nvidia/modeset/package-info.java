// nvidia_modeset's exported API, used by nvidia_drm.
/** Mode-setting on top of the proprietary resource manager. */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.drivers.nvidia.modeset;
