// A proprietary driver module like the seed's nvidia.ko: loads on plain exports and taints the kernel.
package org.modkern.examples.nvidia;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.api.Param;

/**
 * A closed-source graphics driver stand-in. Its license is not GPL-compatible, so it may link
 * only plain exports (printk, the module API); loading it taints the kernel P, and since it is
 * built outside this tree (no Module-Intree), O as well.
 */
@Module(license = "NVIDIA", author = "modkern developers", version = "1.0",
        description = "NVIDIA-like proprietary driver (a sample: plain exports only, taints P and O)")
public final class Nvidia implements KernelModule {

    @Param(perm = 0444, desc = "Enable modeset support")
    boolean modeset = false;

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "NVRM: loading modkern NVIDIA-like driver, modeset=%s", modeset);
        return 0;
    }

    @Override
    public void exit() {
        printk(KERN_INFO, "NVRM: unloading");
    }
}
