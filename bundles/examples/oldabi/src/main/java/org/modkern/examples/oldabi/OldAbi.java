// A module built for another kernel release: refused for its vermagic, loadable with insmod -f.
package org.modkern.examples.oldabi;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;

/**
 * Built for kernel 0.0.9 (its pom writes that kernel's Module-Vermagic and kernel-api range):
 * insmod fails with {@code Invalid module format} and dmesg says
 * {@code oldabi: version magic '0.0.9-modkern ...' should be '...'}; {@code insmod -f} loads it,
 * wiring its kernel-api import to the running version, and taints the kernel F.
 */
@Module(license = "GPL", author = "modkern developers", version = "0.9",
        description = "A module built for another kernel ABI (a sample: needs insmod -f)")
public final class OldAbi implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "oldabi: running on a kernel it was not built for");
        return 0;
    }
}
