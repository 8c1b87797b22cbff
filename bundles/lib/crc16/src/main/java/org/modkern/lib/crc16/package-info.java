/** CRC16 (polynomial 0x8005, bit-reversed), Linux's lib/crc16: used by ext4 group descriptors. */
@org.modkern.api.Module(license = "GPL", author = "modkern developers", description = "CRC16 calculations")
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.lib.crc16;
