package org.modkern.fs.ext4;

import java.nio.charset.StandardCharsets;
import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;
import org.modkern.fs.jbd2.Journal;
import org.modkern.fs.mbcache.MbCache;
import org.modkern.lib.crc16.Crc16;

/**
 * The ext4 filesystem module: at init it sets up its xattr block cache and checks that its
 * journal and group-descriptor checksum work, as Linux's ext4_init_fs prepares its caches.
 */
@Module(license = "GPL", author = "modkern developers", description = "Fourth Extended Filesystem",
        alias = {"fs-ext4", "ext3", "fs-ext3", "ext2", "fs-ext2"})
public final class Ext4 implements KernelModule {

    private MbCache xattrCache;

    @Override
    public int init(ModuleContext ctx) {
        xattrCache = new MbCache(1024);
        Journal journal = new Journal();
        journal.start();
        journal.write(0, "superblock".getBytes(StandardCharsets.US_ASCII));
        if (journal.commit() != 1) {
            return -Errno.EIO;
        }
        // the CRC16 check value of "123456789" with Linux's crc16 (seed 0)
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        return Crc16.crc16(0, check, 0, check.length) == 0xBB3D ? 0 : -Errno.EINVAL;
    }

    @Override
    public void exit() {
        xattrCache = null;
    }
}
