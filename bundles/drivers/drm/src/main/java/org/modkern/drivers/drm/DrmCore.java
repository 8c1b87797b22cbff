// drm's init: announces the core as Linux's drm_core_init does.
package org.modkern.drivers.drm;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;

/** The DRM core module. */
@Module(license = "GPL and additional rights", author = "modkern developers", description = "DRM shared core routines")
public final class DrmCore implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "[drm] Initialized");
        return 0;
    }
}
