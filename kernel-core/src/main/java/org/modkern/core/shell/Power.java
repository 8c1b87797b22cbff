package org.modkern.core.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** {@code shutdown}, {@code poweroff}, {@code reboot}: stops the kernel cleanly; every module's exit runs. */
public final class Power {

    private final BundleContext ctx;

    Power(BundleContext ctx) {
        this.ctx = ctx;
    }

    @Descriptor("unload every module and stop the kernel")
    public void shutdown(CommandSession session) {
        halt(session);
    }

    @Descriptor("unload every module and stop the kernel")
    public void poweroff(CommandSession session) {
        halt(session);
    }

    @Descriptor("unload every module and stop the kernel (start it again to reboot)")
    public void reboot(CommandSession session) {
        halt(session);
    }

    private void halt(CommandSession session) {
        // the console reads no further line: the session is about to close under it
        session.put(Console.HALTED, Boolean.TRUE);
        // stopping the framework from a command thread would wait on this very command
        Thread t = new Thread(() -> {
            try {
                ctx.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                System.err.println("shutdown: " + e.getMessage());
            }
        }, "modkern-shutdown");
        t.start();
    }
}
