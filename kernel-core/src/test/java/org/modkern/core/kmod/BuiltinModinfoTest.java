// Tests what modinfo shows of built-in modules: modules.builtin.modinfo read and printed as kmod 30 does.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinModinfoTest {

    /** Shaped like Debian 6.1's zswap and debugfs strings; zswap's second run is not its own. */
    private static final BuiltinModinfo INFO = BuiltinModinfo.parse(("zswap.file=mm/zswap\0"
            + "zswap.parmtype=max_pool_percent:uint\0zswap.parm=max_pool_percent:Max pool %\0"
            + "zswap.parmtype=enabled:bool\0zswap.license=GPL\0zswap.description=Compressed cache\0"
            + "debugfs.file=fs/debugfs/debugfs\0debugfs.alias=fs-debugfs\0zswap.author=late\0")
            .getBytes(StandardCharsets.UTF_8));

    @Test
    void aModulesStringsAreItsFirstRun() {
        assertEquals(List.of("file=mm/zswap", "parmtype=max_pool_percent:uint", "parm=max_pool_percent:Max pool %",
                "parmtype=enabled:bool", "license=GPL", "description=Compressed cache"), INFO.of("zswap"));
        assertNull(INFO.of("nosuch"));
    }

    @Test
    void formatsAsKmodsModinfo() {
        List<String> zswap = INFO.of("zswap");
        assertEquals("name:           zswap\n"
                + "filename:       (builtin)\n"
                + "file:           mm/zswap\n"
                + "license:        GPL\n"
                + "description:    Compressed cache\n"
                + "parm:           enabled:bool\n"
                + "parm:           max_pool_percent:Max pool % (uint)\n", BuiltinModinfo.format("zswap", zswap, null));
        assertEquals("enabled: (bool)\nmax_pool_percent:Max pool % (uint)\n", BuiltinModinfo.format("zswap", zswap, "parm"));
        assertEquals("max_pool_percent:uint\nenabled:bool\n", BuiltinModinfo.format("zswap", zswap, "parmtype"));
        assertEquals("(builtin)\n", BuiltinModinfo.format("zswap", zswap, "filename"));
        assertEquals("zswap\n", BuiltinModinfo.format("zswap", zswap, "name"));
        assertEquals("", BuiltinModinfo.format("zswap", zswap, "alias"));
        assertEquals("fs-debugfs\n", BuiltinModinfo.format("debugfs", INFO.of("debugfs"), "alias"));
        // no modules.builtin.modinfo at all (an old kernel): the name and file only
        assertEquals("name:           zswap\nfilename:       (builtin)\n", BuiltinModinfo.format("zswap", null, null));
    }
}
