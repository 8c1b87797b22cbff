// nvidia_modeset: heads on channels of the resource manager, with the panel backlight.
package org.modkern.drivers.nvidia.modeset;

import org.modkern.drivers.acpi.video.AcpiVideo;
import org.modkern.examples.nvidia.rm.ResourceManager;

/** Sets a mode on a head: takes a channel from the resource manager and lights the panel. */
public final class Modeset {

    private Modeset() {
    }

    /** Sets a mode; returns the channel the head runs on. */
    public static int setMode(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad mode " + width + "x" + height);
        }
        AcpiVideo.setBrightness(100);
        return ResourceManager.allocChannel();
    }
}
