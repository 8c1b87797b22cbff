package org.modkern.lib.raid6;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;

/** Picks the syndrome implementation at load, as Linux's raid6_select_algo() does, and says so. */
@Module(license = "GPL", author = "modkern developers", description = "RAID6 Q-syndrome calculations")
public final class Raid6Pq implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        byte[][] data = {{1, 2}, {3, 4}};
        byte[] p = new byte[2];
        byte[] q = new byte[2];
        Raid6.genSyndrome(data, p, q);
        // P is the xor; Q = d0 + 2*d1 in GF(2^8): 1^6=7, 2^8=10
        if (p[0] != 2 || p[1] != 6 || q[0] != 7 || q[1] != 10) {
            return -Errno.EINVAL;
        }
        printk(KERN_INFO, "raid6: using algorithm java gen()");
        return 0;
    }
}
