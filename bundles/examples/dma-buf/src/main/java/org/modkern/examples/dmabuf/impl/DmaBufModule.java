// dma-buf's init: announces its namespaced export, looked up through the GPL-only kallsyms.
package org.modkern.examples.dmabuf.impl;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.api.module.Kallsyms;
import org.modkern.api.module.KernelSymbol;
import org.modkern.examples.dmabuf.DmaBuf;

/**
 * The dma-buf module: a library of one namespaced symbol. Being GPL, it may use kernel-api's
 * GPL-only {@link Kallsyms} and does, to report how the kernel sees its export.
 */
@Module(license = "GPL", author = "modkern developers", version = "1.0",
        description = "Shared buffers between drivers (a sample: exports a symbol in namespace DMA_BUF)")
public final class DmaBufModule implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        KernelSymbol s = Kallsyms.lookup(DmaBuf.class.getPackageName());
        printk(KERN_INFO, "dma-buf: %s %s exported by %s in namespace %s", s.name(), s.version(), s.owner(), s.namespace());
        return 0;
    }
}
