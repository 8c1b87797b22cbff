package org.modkern.core.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.manifest.ModuleInfo.ParamDecl;

/** Parameters bound to a module's fields: load arguments, sysfs reads and writes. */
class ModuleParamsTest {

    /** A module's fields, as a driver declares them. */
    static final class Driver {
        int debug = 1;
        boolean enable;
        boolean noirq;
        String name = "eth";
        int[] ports = {80};
        int mask;
        short small;
    }

    private final List<String> log = new ArrayList<>();
    private final Driver driver = new Driver();

    private ModuleParams bind() throws ModuleException {
        return ModuleParams.bind("drv", List.of(
                new ParamDecl("debug", "int", 0644, "Debug level", "debug"),
                new ParamDecl("enable", "bool", 0444, "", "enable"),
                new ParamDecl("noirq", "invbool", 0644, "", "noirq"),
                new ParamDecl("name", "charp", 0644, "", "name"),
                new ParamDecl("ports", "array of int", 0644, "", "ports"),
                new ParamDecl("mask", "uint", 0200, "", "mask"),
                new ParamDecl("small", "short", 0, "", "small"),
                new ParamDecl("unbound", "int", 0644, "", "unbound")), driver, (lvl, text) -> log.add(lvl + " " + text));
    }

    @Test
    void loadArgumentsSetTheFields() throws Exception {
        ModuleParams p = bind();
        p.apply(List.of("debug=3", "enable", "noirq=y", "name=\"wlan 0\"", "ports=1,2,3", "mask=4294967295", "unbound=-4"));
        assertEquals(3, driver.debug);
        assertTrue(driver.enable);
        assertEquals(false, driver.noirq);
        assertEquals("wlan 0", driver.name);
        assertArrayEquals(new int[] {1, 2, 3}, driver.ports);
        assertEquals(-1, driver.mask);
        assertEquals("Y\n".strip(), p.read("noirq"));
        assertEquals("1,2,3", p.read("ports"));
        assertEquals(-4, p.value("unbound"));
    }

    @Test
    void anUnknownNameIsIgnoredAndABadValueFails() throws Exception {
        ModuleParams p = bind();
        p.apply(List.of("bogus=1"));
        assertEquals(List.of("4 drv: unknown parameter 'bogus' ignored"), log);
        ModuleException e = assertThrows(ModuleException.class, () -> p.apply(List.of("debug=x")));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("3 drv: `x' invalid for parameter `debug'", log.get(1));
        assertEquals(Errno.ERANGE, assertThrows(ModuleException.class, () -> p.apply(List.of("small=40000"))).errno());
    }

    @Test
    void sysfsFollowsThePermission() throws Exception {
        ModuleParams p = bind();
        p.write("debug", "7\n");
        assertEquals(7, driver.debug);
        assertEquals(Errno.EACCES, assertThrows(ModuleException.class, () -> p.write("enable", "1")).errno());
        assertEquals(Errno.EACCES, assertThrows(ModuleException.class, () -> p.read("mask")).errno());
        assertEquals(Errno.ENOENT, assertThrows(ModuleException.class, () -> p.read("small")).errno());
        assertEquals(Errno.EINVAL, assertThrows(ModuleException.class, () -> p.write("debug", "seven")).errno());
        assertEquals(7, driver.debug);
        assertEquals(List.of("debug", "enable", "noirq", "name", "ports", "mask", "unbound"), p.sysfsNames());
    }

    @Test
    void aDeclarationThatCannotLiveInItsFieldIsAMalformedModule() {
        ModuleException e = assertThrows(ModuleException.class, () -> ModuleParams.bind("drv",
                List.of(new ParamDecl("name", "int", 0644, "", "name")), driver, (l, t) -> { }));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertEquals(Errno.ENOEXEC, assertThrows(ModuleException.class, () -> ModuleParams.bind("drv",
                List.of(new ParamDecl("x", "float", 0644, "", "x")), null, (l, t) -> { })).errno());
    }
}
