package org.modkern.examples.hello;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.api.Param;

/** The seed's hello module: prints on load and unload, with one writable parameter. */
@Module(license = "GPL", author = "modkern developers", description = "A simple example kernel module", version = "1.0")
public final class Hello implements KernelModule {

    @Param(perm = 0644, desc = "An example parameter")
    int my_param = 42;

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "Hello module: Loading with param=%d", my_param);
        return 0;
    }

    @Override
    public void exit() {
        printk(KERN_INFO, "Hello module: Unloading");
    }
}
