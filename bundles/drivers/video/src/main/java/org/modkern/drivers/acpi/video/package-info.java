// video's exported API: EXPORT_SYMBOL, as acpi_video_register().
/** ACPI video: backlight control graphics drivers hook into. */
@org.modkern.api.ExportSymbol
@org.osgi.annotation.versioning.Version("1.0.0")
@org.modkern.api.Module(license = "GPL", author = "modkern developers", description = "ACPI Video Driver",
        alias = {"acpi*:LNXVIDEO:*"})
package org.modkern.drivers.acpi.video;
