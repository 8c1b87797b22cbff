// udmabuf: a module that imports the DMA_BUF namespace and uses dma-buf's symbol.
package org.modkern.examples.udmabuf;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.examples.dmabuf.DmaBuf;

/**
 * Exports one buffer through dma-buf for as long as it is loaded. It declares
 * {@code MODULE_IMPORT_NS(DMA_BUF)}; without that, the kernel would refuse to link it to
 * dma-buf's namespaced symbol. It depends on dma_buf, which must be loaded first.
 */
@Module(license = "GPL", author = "modkern developers", version = "1.0", importNs = "DMA_BUF",
        description = "User-space mappable dma-buf (a sample: imports namespace DMA_BUF)")
public final class Udmabuf implements KernelModule {

    private DmaBuf buf;

    @Override
    public int init(ModuleContext ctx) {
        buf = DmaBuf.export(ctx.name(), 4096);
        printk(KERN_INFO, "udmabuf: exported dma-buf #%d of %d bytes", buf.id(), buf.size());
        return 0;
    }

    @Override
    public void exit() {
        buf.put();
        printk(KERN_INFO, "udmabuf: released dma-buf #%d", buf.id());
    }
}
