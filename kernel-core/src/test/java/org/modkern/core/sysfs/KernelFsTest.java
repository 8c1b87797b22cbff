package org.modkern.core.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/** Paths, mounts and errors of the /proc and /sys views. */
class KernelFsTest {

    @Test
    void filesMountsAndErrors() throws Exception {
        KernelFs fs = new KernelFs();
        fs.register("/proc/version", () -> "v1\n");
        fs.mount("/sys/module", new KernelFs.Provider() {
            @Override
            public KernelFs.Node lookup(String rel) {
                return rel.equals("m/refcnt") ? () -> "0\n" : null;
            }

            @Override
            public List<String> list(String rel) {
                return rel.isEmpty() ? List.of("m") : rel.equals("m") ? List.of("refcnt") : null;
            }
        });
        assertEquals("v1\n", fs.read("//proc/version/"));
        assertEquals("0\n", fs.read("/sys/module/m/refcnt"));
        assertEquals(List.of("m"), fs.list("/sys/module"));
        assertEquals(List.of("module"), fs.list("/sys"));
        assertEquals(Errno.ENOENT, assertThrows(ModuleException.class, () -> fs.read("/sys/module/x/refcnt")).errno());
        assertEquals(Errno.EISDIR, assertThrows(ModuleException.class, () -> fs.read("/sys/module/m")).errno());
        assertEquals(Errno.EACCES, assertThrows(ModuleException.class, () -> fs.write("/proc/version", "x")).errno());
        assertTrue(KernelFs.owns("/proc") && KernelFs.owns("/sys/x") && !KernelFs.owns("/system"));
    }
}
