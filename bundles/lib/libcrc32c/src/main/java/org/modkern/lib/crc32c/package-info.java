/** CRC32c (Castagnoli), the checksum of btrfs, ext4 metadata and iSCSI: Linux's libcrc32c. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.lib.crc32c;
