// A shared buffer, the symbol dma-buf exports in namespace DMA_BUF.
package org.modkern.examples.dmabuf;

import java.util.concurrent.atomic.AtomicInteger;

/** A buffer one driver exports and another imports, Linux's {@code struct dma_buf}. */
public final class DmaBuf {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final int id;
    private final String exporter;
    private final byte[] data;

    private DmaBuf(String exporter, int size) {
        this.id = NEXT.incrementAndGet();
        this.exporter = exporter;
        this.data = new byte[size];
    }

    /** Linux's {@code dma_buf_export()}: a new buffer of {@code size} bytes. */
    public static DmaBuf export(String exporter, int size) {
        LIVE.incrementAndGet();
        return new DmaBuf(exporter, size);
    }

    /** Linux's {@code dma_buf_put()}: gives the buffer back. */
    public void put() {
        LIVE.decrementAndGet();
    }

    /** How many buffers are exported and not put back. */
    public static int live() {
        return LIVE.get();
    }

    /** The buffer's number, from 1. */
    public int id() {
        return id;
    }

    /** Who exported it. */
    public String exporter() {
        return exporter;
    }

    /** Its size in bytes. */
    public int size() {
        return data.length;
    }
}
