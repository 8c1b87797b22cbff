// dma-buf's exported API: a namespaced symbol, EXPORT_SYMBOL_NS(..., DMA_BUF).
/**
 * Shared buffers between drivers, after Linux's dma-buf: exported in the {@code DMA_BUF}
 * namespace, so only modules that declare {@code @Module(importNs = "DMA_BUF")} may link it.
 */
@org.modkern.api.ExportSymbol(ns = "DMA_BUF")
@org.osgi.annotation.versioning.Version("1.0.0")
package org.modkern.examples.dmabuf;
