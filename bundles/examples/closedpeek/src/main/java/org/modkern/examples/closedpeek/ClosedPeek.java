// A proprietary module that reaches for a GPL-only symbol; the kernel refuses to load it.
package org.modkern.examples.closedpeek;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.api.module.Kallsyms;

/**
 * Calls {@link Kallsyms}, which kernel-api exports GPL-only, from a module whose license is
 * {@code Proprietary}: the load fails with {@code Unknown symbol in module} and dmesg says
 * {@code closedpeek: Unknown symbol org.modkern.api.module (err -2)}. This init never runs.
 */
@Module(license = "Proprietary", author = "modkern developers", version = "1.0",
        description = "Proprietary module using a GPL-only symbol (a sample: refused at load)")
public final class ClosedPeek implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        printk(KERN_INFO, "closedpeek: kernel API owned by %s", Kallsyms.lookup("org.modkern.api"));
        return 0;
    }
}
