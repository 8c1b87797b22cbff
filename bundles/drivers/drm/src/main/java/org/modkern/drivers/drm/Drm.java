// The DRM device registry: drm_dev_register() and its minors.
package org.modkern.drivers.drm;

import java.util.ArrayList;
import java.util.List;

/** Registered DRM devices, each with the minor number of its card node. */
public final class Drm {

    private static final List<String> DEVICES = new ArrayList<>();

    private Drm() {
    }

    /** Registers a device by driver name, Linux's {@code drm_dev_register}; returns its minor. */
    public static synchronized int registerDevice(String driver) {
        DEVICES.add(driver);
        return DEVICES.size() - 1;
    }

    /** Unregisters the device with this minor. */
    public static synchronized void unregisterDevice(int minor) {
        if (minor >= 0 && minor < DEVICES.size()) {
            DEVICES.set(minor, null);
        }
    }

    /** The driver of each minor, null where a device went away. */
    public static synchronized List<String> devices() {
        return new ArrayList<>(DEVICES);
    }
}
