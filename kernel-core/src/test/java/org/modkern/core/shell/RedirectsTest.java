package org.modkern.core.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Only redirections into /proc and /sys become writes into the kernel's files. */
class RedirectsTest {

    @Test
    void kernelTargetsBecomeAPipe() {
        assertEquals("echo 9 | _kernfs_write /sys/module/hello/parameters/my_param",
                Redirects.rewrite("echo 9 > /sys/module/hello/parameters/my_param"));
        assertEquals("echo 1 | _kernfs_write /proc/sys/kernel/modules_disabled; lsmod",
                Redirects.rewrite("echo 1 >/proc/sys/kernel/modules_disabled; lsmod"));
        assertEquals("echo 1 | _kernfs_write /sys/x", Redirects.rewrite("echo 1 >> /sys/x"));
    }

    @Test
    void everythingElseStays() {
        for (String s : new String[] {"echo '9 > /sys/x'", "echo \"a > /proc/b\"", "lsmod > /tmp/out",
                "dmesg 2> /sys/x", "echo a \\> /sys/x", "cat /proc/modules"}) {
            assertEquals(s, Redirects.rewrite(s));
        }
    }
}
