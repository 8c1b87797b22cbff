package org.modkern.core.boot;

import java.io.ByteArrayInputStream;
import java.util.function.ToIntFunction;
import org.apache.felix.service.command.CommandProcessor;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.kernel.KernelConfig;
import org.modkern.core.log.Slf4jForwarder;
import org.modkern.core.shell.Commands;
import org.modkern.core.shell.Console;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the kernel when the kernel-core bundle starts: configuration, log, loader, /proc and
 * /sys, the shell commands and, when the launcher asks for one, the console. A framework
 * shutdown unloads every module first, newest first, while the kernel is still whole.
 */
public final class KernelActivator implements BundleActivator {

    private Kernel kernel;
    private ConsoleRunner console;
    private SynchronousBundleListener shutdownListener;
    private ServiceTracker<CommandProcessor, CommandProcessor> commands;

    @Override
    public void start(BundleContext ctx) throws Exception {
        kernel = new Kernel(ctx, KernelConfig.from(ctx));
        Slf4jForwarder.attach(kernel.log());
        kernel.boot();
        Commands.register(ctx, kernel);
        commands = new ServiceTracker<>(ctx, CommandProcessor.class, null);
        commands.open();
        // modprobe.d install and remove lines are shell lines
        kernel.loader().commandRunner(new ToIntFunction<String>() {
            @Override
            public int applyAsInt(String line) {
                return runLine(line);
            }
        });
        kernel.loadBootModules();
        // the system bundle's STOPPING comes before Felix stops any other bundle: unload the
        // modules then, so each exit runs with its bundle and the kernel still in place
        shutdownListener = new SynchronousBundleListener() {
            @Override
            public void bundleChanged(BundleEvent event) {
                if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
                    kernel.shutdown();
                }
            }
        };
        ctx.addBundleListener(shutdownListener);
        String mode = ctx.getProperty(ConsoleRunner.MODE);
        if (mode != null && !mode.isBlank()) {
            console = new ConsoleRunner(ctx, kernel, mode.trim(), ctx.getProperty(ConsoleRunner.COMMAND));
            console.start();
        }
    }

    private int runLine(String line) {
        CommandProcessor processor = commands.getService();
        if (processor == null) {
            return 127;
        }
        try (Console c = new Console(processor, kernel, new ByteArrayInputStream(new byte[0]), System.out, System.err)) {
            return c.run(line);
        }
    }

    @Override
    public void stop(BundleContext ctx) {
        commands.close();
        ctx.removeBundleListener(shutdownListener);
        if (console != null) {
            console.stop();
        }
        kernel.shutdown();
    }
}
