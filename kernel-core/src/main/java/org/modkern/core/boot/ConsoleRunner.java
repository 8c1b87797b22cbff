package org.modkern.core.boot;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.felix.service.command.CommandProcessor;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.shell.Console;
import org.modkern.core.shell.Terminal;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs the console the launcher asked for once Gogo's command processor is up:
 * {@code command} runs one line ({@code bin/modkern -c}), {@code stdin} runs the lines of
 * standard input, {@code interactive} opens the terminal shell. Then it hands the last exit
 * status to the launcher's {@code IntConsumer} service (property {@code modkern.exit}) and the
 * launcher stops the kernel.
 */
final class ConsoleRunner {

    /** Framework property: the console mode, {@code interactive}, {@code command} or {@code stdin}. */
    static final String MODE = "modkern.console";
    /** Framework property: the line to run in {@code command} mode. */
    static final String COMMAND = "modkern.console.command";

    private final BundleContext ctx;
    private final Kernel kernel;
    private final String mode;
    private final String command;
    private final ServiceTracker<CommandProcessor, CommandProcessor> processors;
    private volatile Terminal terminal;
    private Thread thread;

    ConsoleRunner(BundleContext ctx, Kernel kernel, String mode, String command) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.mode = mode;
        this.command = command;
        this.processors = new ServiceTracker<>(ctx, CommandProcessor.class, null);
    }

    void start() {
        processors.open();
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                ConsoleRunner.this.run();
            }
        }, "modkern-console");
        // JLine finds its terminal providers through the context class loader
        thread.setContextClassLoader(null);
        thread.start();
    }

    void stop() {
        Terminal t = terminal;
        if (t != null) {
            t.close();
        }
        processors.close();
    }

    private void run() {
        int status;
        try {
            CommandProcessor processor = processors.waitForService(30_000);
            if (processor == null) {
                System.err.println("modkern: no command processor: is org.apache.felix.gogo.runtime installed?");
                status = 1;
            } else {
                ServiceReference<CommandProcessor> ref = processors.getServiceReference();
                awaitStarted(ref == null ? null : ref.getBundle(), 30_000);
                status = session(processor);
            }
        } catch (InterruptedException e) {
            return;
        } catch (Exception | LinkageError e) {
            System.err.println("modkern: console failed: " + e);
            status = 1;
        }
        exit(status);
    }

    /**
     * Gogo's runtime registers its processor before it starts tracking command services, so
     * until its activator returns a command such as {@code lsmod} may still be unknown: wait
     * for that bundle to finish starting.
     */
    private void awaitStarted(Bundle gogo, long millis) throws InterruptedException {
        if (gogo == null) {
            return;
        }
        CountDownLatch started = new CountDownLatch(1);
        BundleListener listener = new BundleListener() {
            @Override
            public void bundleChanged(BundleEvent e) {
                if (e.getBundle().equals(gogo) && e.getType() == BundleEvent.STARTED) {
                    started.countDown();
                }
            }
        };
        ctx.addBundleListener(listener);
        try {
            if (gogo.getState() == Bundle.STARTING) {
                started.await(millis, TimeUnit.MILLISECONDS);
            }
        } finally {
            ctx.removeBundleListener(listener);
        }
    }

    private int session(CommandProcessor processor) throws Exception {
        // Gogo replaces System.out with a per-thread stream that writes to the session's: the
        // session must get the process's real descriptors, or output loops back into itself
        InputStream in = new FileInputStream(FileDescriptor.in);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        switch (mode) {
            case "command":
                try (Console c = new Console(processor, kernel, in, out, err)) {
                    return c.run(command == null ? "" : command);
                }
            case "stdin":
                try (Console c = new Console(processor, kernel, in, out, err)) {
                    return c.runAll(in);
                }
            default:
                try (Terminal t = new Terminal(kernel, processor)) {
                    terminal = t;
                    return t.loop();
                } finally {
                    terminal = null;
                }
        }
    }

    private void exit(int status) {
        try {
            ServiceReference<?>[] refs = ctx.getServiceReferences(IntConsumer.class.getName(), "(modkern.exit=true)");
            if (refs != null && refs.length > 0) {
                IntConsumer exit = (IntConsumer) ctx.getService(refs[0]);
                exit.accept(status);
                return;
            }
            ctx.getBundle(0).stop();
        } catch (IllegalStateException | BundleException | org.osgi.framework.InvalidSyntaxException e) {
            // the framework is already going down
        }
    }
}
