package org.modkern.core.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.modkern.api.Errno;

/** Parameter parsing as Linux's kstrto* and kstrtobool do it. */
class ParamTypeTest {

    private static int errno(ParamType t, String v) {
        return assertThrows(InvalidValueException.class, () -> t.parse(v)).errno();
    }

    @Test
    void integersTakeBaseZeroAndCheckTheirRange() throws Exception {
        assertEquals(16L, ParamType.INT.parse("0x10"));
        assertEquals(8L, ParamType.INT.parse("010"));
        assertEquals(-5L, ParamType.INT.parse("-5"));
        assertEquals(7L, ParamType.INT.parse("+7"));
        assertEquals(9L, ParamType.INT.parse("9\n"));
        assertEquals(Errno.ERANGE, errno(ParamType.INT, "2147483648"));
        assertEquals(Errno.ERANGE, errno(ParamType.BYTE, "256"));
        assertEquals(Errno.EINVAL, errno(ParamType.UINT, "-1"));
        assertEquals(Errno.EINVAL, errno(ParamType.INT, "12abc"));
        assertEquals(Errno.EINVAL, errno(ParamType.INT, ""));
        assertEquals(Errno.EINVAL, errno(ParamType.INT, null));
        assertEquals(Errno.EINVAL, errno(ParamType.INT, "09"));
        assertEquals(4294967295L, ParamType.UINT.parse("4294967295"));
        assertEquals("18446744073709551615", ParamType.ULONG.format(ParamType.ULONG.parse("18446744073709551615")));
        assertEquals(Errno.ERANGE, errno(ParamType.ULONG, "18446744073709551616"));
        assertEquals(Errno.ERANGE, errno(ParamType.SHORT, "-32769"));
    }

    @Test
    void booleansTakeKstrtoboolWordsAndPrintYN() throws Exception {
        for (String yes : new String[] {"y", "Y", "1", "on", "ON", "yes"}) {
            assertEquals(Boolean.TRUE, ParamType.BOOL.parse(yes), yes);
        }
        for (String no : new String[] {"n", "N", "0", "off", "no"}) {
            assertEquals(Boolean.FALSE, ParamType.BOOL.parse(no), no);
        }
        assertEquals(Boolean.TRUE, ParamType.BOOL.parse(null));
        assertEquals(Errno.EINVAL, errno(ParamType.BOOL, "maybe"));
        assertEquals(Errno.EINVAL, errno(ParamType.BOOL, "o"));
        assertEquals("Y", ParamType.BOOL.format(true));
        assertEquals("N", ParamType.INVBOOL.format(false));
    }

    @Test
    void charpIsLimitedTo1024Characters() throws Exception {
        assertEquals("eth0", ParamType.CHARP.parse("eth0"));
        assertEquals(Errno.ERANGE, errno(ParamType.CHARP, "x".repeat(1025)));
        assertEquals("(null)", ParamType.CHARP.format(null));
    }

    @Test
    void typesAreNamedAsLinuxNamesThem() {
        assertEquals(ParamType.USHORT, ParamType.of("ushort"));
        assertEquals(null, ParamType.of("float"));
    }
}
