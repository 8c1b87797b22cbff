package org.modkern.fs.btrfs;

import static org.modkern.api.Printk.KERN_INFO;
import static org.modkern.api.Printk.printk;

import java.nio.charset.StandardCharsets;
import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.lib.crc32c.Crc32c;
import org.modkern.lib.raid6.Raid6;
import org.modkern.lib.zlib.ZlibDeflate;
import org.modkern.lib.zstd.ZstdCompress;

/**
 * The btrfs filesystem module: checksums with crc32c, parity with raid6_pq, compression with
 * zlib and zstd. Its init checks each before announcing itself, as Linux's prints "Btrfs loaded".
 */
@Module(license = "GPL", author = "modkern developers", description = "B-tree filesystem",
        alias = {"fs-btrfs", "devname:btrfs-control", "char-major-10-234"})
public final class Btrfs implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        byte[] block = "btrfs superblock".getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[block.length];
        byte[] q = new byte[block.length];
        Raid6.genSyndrome(new byte[][] {block, block}, p, q);
        if (p[0] != 0 || ZlibDeflate.deflate(block, 6).length == 0 || ZstdCompress.compress(block).length != block.length + 12) {
            return -Errno.EINVAL;
        }
        printk(KERN_INFO, "Btrfs loaded, crc32c=%08x, zoned=no, fsverity=no", Crc32c.crc32c(block));
        return 0;
    }
}
