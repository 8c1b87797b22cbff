package org.modkern.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The printk ring buffer: fixed size, oldest records overwritten, Linux timestamps. */
class KernelLogTest {

    @Test
    void keepsTheNewestRecordsInOrder() {
        KernelLog log = new KernelLog(3);
        for (int i = 0; i < 5; i++) {
            log.log(6, "m" + i);
        }
        List<KernelLog.Entry> e = log.entries();
        assertEquals(List.of("m2", "m3", "m4"), e.stream().map(KernelLog.Entry::text).toList());
        assertEquals(5, log.nextSeq());
        log.clear();
        assertTrue(log.entries().isEmpty());
        log.log(3, "after");
        assertEquals("after", log.entries().get(0).text());
    }

    @Test
    void formatsLikeDmesg() {
        assertEquals("[    1.234567] x", new KernelLog.Entry(0, 6, 1_234_567_890L, "x").format());
        assertEquals("[12345.000001] y", new KernelLog.Entry(0, 6, 12_345_000_001_000L, "y").format());
        assertEquals(3, KernelLog.levelOf("err"));
        assertEquals(4, KernelLog.levelOf("WARN"));
        assertEquals(7, KernelLog.levelOf("7"));
        assertEquals(-1, KernelLog.levelOf("loud"));
    }

    @Test
    void awaitSeesNewRecordsAndForwardersSeeEveryOne() throws Exception {
        KernelLog log = new KernelLog(4);
        StringBuilder seen = new StringBuilder();
        log.addForwarder(e -> seen.append(e.text()));
        assertFalse(log.await(0, 10));
        log.log(9, "odd level");
        assertTrue(log.await(0, 10));
        assertEquals(4, log.entries().get(0).level());
        assertEquals("odd level", seen.toString());
    }
}
