// Test fixture: the seed's module graphs (btrfs, ext4, drm/nvidia) as tiny manifest-only module jars.
package org.modkern.core.kmod;

/**
 * The module graphs of the seed text, with the dependencies the real modules have: btrfs on
 * libcrc32c, raid6_pq, zlib_deflate and zstd_compress; ext4 on jbd2, mbcache and crc16; and the
 * drm/nvidia stack of the seed's lsmod. Their expected depmod and modprobe outputs were checked
 * against kmod 30 run on equivalent ELF modules.
 */
final class Seed {

    static final String BTRFS = "kernel/fs/btrfs/btrfs.jar";
    static final String LIBCRC32C = "kernel/lib/libcrc32c.jar";
    static final String RAID6 = "kernel/lib/raid6/raid6_pq.jar";
    static final String ZLIB = "kernel/lib/zlib_deflate/zlib_deflate.jar";
    static final String ZSTD = "kernel/lib/zstd/zstd_compress.jar";
    static final String EXT4 = "kernel/fs/ext4/ext4.jar";
    static final String JBD2 = "kernel/fs/jbd2/jbd2.jar";
    static final String MBCACHE = "kernel/fs/mbcache.jar";
    static final String CRC16 = "kernel/lib/crc16.jar";
    static final String CRC32C = "kernel/crypto/crc32c_generic.jar";
    static final String DRM = "kernel/drivers/gpu/drm/drm.jar";
    static final String KMS = "kernel/drivers/gpu/drm/drm_kms_helper.jar";
    static final String VIDEO = "kernel/drivers/acpi/video.jar";
    static final String NVIDIA = "kernel/drivers/video/nvidia.jar";
    static final String NVIDIA_MODESET = "kernel/drivers/video/nvidia-modeset.jar";
    static final String NVIDIA_DRM = "kernel/drivers/video/nvidia-drm.jar";
    static final String NVIDIA_UVM = "kernel/drivers/video/nvidia-uvm.jar";
    static final String IGB = "kernel/drivers/net/ethernet/intel/igb/igb.jar";

    private Seed() {
    }

    /** Writes all seed modules and a modules.order listing them (kernel build order: fs, drivers, lib). */
    static TestRoot write(TestRoot r) {
        r.module(BTRFS).imports("org.modkern.lib.crc32c", "org.modkern.lib.raid6", "org.modkern.lib.zlib.deflate",
                "org.modkern.lib.zstd.compress", "org.modkern.api", "org.osgi.framework")
                .aliases("fs-btrfs", "devname:btrfs-control", "char-major-10-234").header("Module-Softdep", "pre: crc32c")
                .write();
        r.module(LIBCRC32C).exports("org.modkern.lib.crc32c").header("Module-Softdep", "pre: crc32c").write();
        r.module(RAID6).exports("org.modkern.lib.raid6").write();
        r.module(ZLIB).exports("org.modkern.lib.zlib.deflate").write();
        r.module(ZSTD).exports("org.modkern.lib.zstd.compress").write();
        r.module(CRC32C).aliases("crypto-crc32c", "crypto-crc32c-generic").write();
        r.module(EXT4).imports("org.modkern.fs.jbd2", "org.modkern.fs.mbcache", "org.modkern.lib.crc16")
                .aliases("fs-ext4", "fs-ext3", "fs-ext2").write();
        r.module(JBD2).exports("org.modkern.fs.jbd2").write();
        r.module(MBCACHE).exports("org.modkern.fs.mbcache").write();
        r.module(CRC16).exports("org.modkern.lib.crc16").write();
        r.module(DRM).exports("org.modkern.drm").write();
        r.module(KMS).exports("org.modkern.drm.kms").imports("org.modkern.drm").write();
        r.module(VIDEO).exports("org.modkern.acpi.video").aliases("acpi*:LNXVIDEO:*").write();
        r.module(NVIDIA).exports("com.nvidia.rm")
                .aliases("pci:v000010DEd*sv*sd*bc03sc00i00*", "pci:v000010DEd*sv*sd*bc03sc02i00*").write();
        r.module(NVIDIA_MODESET).exports("com.nvidia.modeset").imports("com.nvidia.rm", "org.modkern.acpi.video").write();
        r.module(NVIDIA_DRM).imports("org.modkern.drm.kms", "org.modkern.drm", "com.nvidia.modeset")
                .aliases("pci:v000010DEd*sv*sd*bc03sc*i*").write();
        r.module(NVIDIA_UVM).imports("com.nvidia.rm").write();
        r.module(IGB).aliases("pci:v00008086d00001533sv*sd*bc*sc*i*", "pci:v00008086d00001539sv*sd*bc*sc*i*").write();
        r.order(EXT4, JBD2, MBCACHE, BTRFS, CRC32C, VIDEO, DRM, KMS, NVIDIA, NVIDIA_MODESET, NVIDIA_DRM, NVIDIA_UVM, IGB,
                LIBCRC32C, CRC16, RAID6, ZLIB, ZSTD);
        r.file("modules.builtin", "kernel/fs/ext2/ext2.ko\nkernel/net/unix/unix.ko\n");
        return r;
    }
}
