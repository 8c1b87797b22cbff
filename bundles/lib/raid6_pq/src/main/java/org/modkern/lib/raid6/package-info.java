/** RAID6 P and Q syndromes over GF(2^8), Linux's raid6_pq. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.lib.raid6;
