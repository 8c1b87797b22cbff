// nvidia_modeset's init.
package org.modkern.drivers.nvidia.modeset;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.examples.nvidia.rm.ResourceManager;

/** The proprietary mode-setting module: plain exports of nvidia and video only. */
@Module(license = "NVIDIA", author = "modkern developers", description = "NVIDIA-like mode-setting (a sample)")
public final class NvidiaModeset implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "nvidia-modeset: Loading NVIDIA-like Kernel Mode Setting Driver, %d channels free",
                ResourceManager.freeChannels());
        return 0;
    }
}
