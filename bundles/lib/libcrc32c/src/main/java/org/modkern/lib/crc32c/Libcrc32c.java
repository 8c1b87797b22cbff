package org.modkern.lib.crc32c;

import java.nio.charset.StandardCharsets;
import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.Module;
import org.modkern.api.ModuleContext;

/** Checks the implementation against the standard check value before anyone relies on it. */
@Module(license = "GPL", author = "modkern developers", description = "CRC32c (Castagnoli) calculations")
public final class Libcrc32c implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        // the CRC catalogue's check value of "123456789" for CRC-32C
        int check = Crc32c.crc32c("123456789".getBytes(StandardCharsets.US_ASCII));
        return check == 0xE3069283 ? 0 : -Errno.EINVAL;
    }
}
