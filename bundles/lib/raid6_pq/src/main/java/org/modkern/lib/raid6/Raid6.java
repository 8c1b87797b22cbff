package org.modkern.lib.raid6;

/** Computes the P (xor) and Q (Reed-Solomon, generator 2, polynomial 0x11d) syndromes of a stripe. */
public final class Raid6 {

    private Raid6() {
    }

    /**
     * Linux's {@code raid6_call.gen_syndrome}: fills {@code p} and {@code q} from the data blocks.
     *
     * @param data the data blocks of a stripe, all of {@code p.length} bytes
     */
    public static void genSyndrome(byte[][] data, byte[] p, byte[] q) {
        java.util.Arrays.fill(p, (byte) 0);
        java.util.Arrays.fill(q, (byte) 0);
        for (int d = data.length - 1; d >= 0; d--) {
            byte[] block = data[d];
            for (int i = 0; i < p.length; i++) {
                p[i] ^= block[i];
                q[i] = (byte) (mul2(q[i]) ^ block[i]);
            }
        }
    }

    /** Multiplication by 2 in GF(2^8) modulo x^8+x^4+x^3+x^2+1. */
    static byte mul2(byte b) {
        int v = (b & 0xFF) << 1;
        return (byte) ((v & 0x100) != 0 ? v ^ 0x11D : v);
    }
}
