// nvidia's exported API: EXPORT_SYMBOL, so its proprietary and dual-licensed users may link it.
/** The resource manager of the NVIDIA-like driver: GPU channels its companion modules share. */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.examples.nvidia.rm;
