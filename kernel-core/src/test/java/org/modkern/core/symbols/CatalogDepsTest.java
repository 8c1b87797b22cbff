// Unit tests of modinfo's depends for modules that are not loaded, and of the kallsyms line.
package org.modkern.core.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modkern.api.module.KernelSymbol;
import org.modkern.core.manifest.ModuleInfo;

class CatalogDepsTest {

    private static ModuleInfo module(String name, String exports, String imports) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Bundle-SymbolicName", name);
        if (exports != null) {
            h.put("Export-Package", exports);
        }
        if (imports != null) {
            h.put("Import-Package", imports);
        }
        return ModuleInfo.fromHeaders(h, null);
    }

    @Test
    void dependsNamesTheCatalogModulesExportingWhatTheCoreDoesNot() throws Exception {
        ModuleInfo dmabuf = module("dma-buf", "org.dmabuf;version=1.0.0;symbol.ns=DMA_BUF", "org.modkern.api,org.dmabuf");
        ModuleInfo old = module("old-dmabuf", "org.dmabuf;version=0.5.0", null);
        ModuleInfo lib = module("lib", "org.lib;version=2.0", null);
        ModuleInfo user = module("udmabuf", null,
                "org.modkern.api;version=\"[1,2)\",org.dmabuf;version=\"[1,2)\",org.lib,org.opt;resolution:=optional,org.lib.again");
        List<ModuleInfo> catalog = List.of(old, dmabuf, lib, user);
        assertEquals(List.of("dma_buf", "lib"),
                CatalogDeps.of(user, catalog, imp -> imp.pkg().startsWith("org.modkern.")));
        assertEquals(List.of(), CatalogDeps.of(dmabuf, catalog, imp -> imp.pkg().startsWith("org.modkern.")),
                "a module's import of its own export is no dependency");
    }

    @Test
    void kallsymsLinesShowVersionKindNamespaceAndOwner() {
        assertEquals("0000000000000002 T org.modkern.api\t1.1.0\tEXPORT_SYMBOL",
                new SymbolTable.Entry(new KernelSymbol("org.modkern.api", "1.1.0", null, false, null), 2).kallsymsLine());
        assertEquals("0000000000000002 T org.modkern.api.module\t1.0.0\tEXPORT_SYMBOL_GPL",
                new SymbolTable.Entry(new KernelSymbol("org.modkern.api.module", "1.0.0", null, true, null), 2).kallsymsLine());
        assertEquals("000000000000001a T org.dmabuf\t1.0.0\tEXPORT_SYMBOL_NS_GPL(DMA_BUF)\t[dma_buf]",
                new SymbolTable.Entry(new KernelSymbol("org.dmabuf", "1.0.0", "dma_buf", true, "DMA_BUF"), 26).kallsymsLine());
    }
}
