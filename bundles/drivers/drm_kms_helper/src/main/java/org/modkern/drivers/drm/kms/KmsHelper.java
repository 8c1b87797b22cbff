// drm_kms_helper: registers a device with a mode-setting pipeline.
package org.modkern.drivers.drm.kms;

import org.modkern.drivers.drm.Drm;

/** Linux's drm_kms_helper: the common path a KMS driver takes to register its device. */
public final class KmsHelper {

    private KmsHelper() {
    }

    /** Registers a KMS-capable device with the DRM core; returns its minor. */
    public static int registerKmsDevice(String driver) {
        return Drm.registerDevice(driver + " (kms)");
    }
}
