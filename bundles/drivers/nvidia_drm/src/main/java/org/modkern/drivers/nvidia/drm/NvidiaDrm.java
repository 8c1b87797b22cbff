// nvidia_drm: the DRM front of the NVIDIA-like driver stack.
package org.modkern.drivers.nvidia.drm;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.api.Param;
import org.modkern.drivers.drm.Drm;
import org.modkern.drivers.drm.kms.KmsHelper;
import org.modkern.drivers.nvidia.modeset.Modeset;

/** Registers a DRM device, with kernel mode setting when {@code modeset=1}. */
@Module(license = "Dual MIT/GPL", author = "modkern developers", description = "NVIDIA-like DRM driver (a sample)")
public final class NvidiaDrm implements KernelModule {

    @Param(perm = 0400, desc = "Enable atomic kernel modesetting (1 = enable, 0 = disable (default))")
    boolean modeset;

    private int minor = -1;

    @Override
    public int init(ModuleContext ctx) {
        minor = modeset ? KmsHelper.registerKmsDevice("nvidia-drm") : Drm.registerDevice("nvidia-drm");
        if (modeset) {
            Modeset.setMode(1920, 1080);
        }
        printk(KERN_INFO, "[drm] Initialized nvidia-drm 0.0.0 for card%d", minor);
        return 0;
    }

    @Override
    public void exit() {
        Drm.unregisterDevice(minor);
    }
}
