// video: the backlight level graphics drivers set and read.
package org.modkern.drivers.acpi.video;

/** The panel backlight, 0 to 100, as acpi_video exposes it. */
public final class AcpiVideo {

    private static int brightness = 100;

    private AcpiVideo() {
    }

    /** Sets the backlight level, clamped to 0..100; returns the level set. */
    public static synchronized int setBrightness(int level) {
        brightness = Math.max(0, Math.min(100, level));
        return brightness;
    }

    /** The backlight level. */
    public static synchronized int brightness() {
        return brightness;
    }
}
