// nvidia_uvm: unified memory on a channel of the resource manager.
package org.modkern.drivers.nvidia.uvm;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.examples.nvidia.rm.ResourceManager;

/** Takes a channel for page migration at init; fails with ENOSPC when none is left. */
@Module(license = "Dual MIT/GPL", author = "modkern developers", description = "NVIDIA-like unified memory (a sample)")
public final class NvidiaUvm implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        if (ResourceManager.freeChannels() == 0) {
            return -Errno.ENOSPC;
        }
        printk(KERN_INFO, "nvidia-uvm: Loaded the UVM driver, channel %d", ResourceManager.allocChannel());
        return 0;
    }
}
