// The hot-deploy folder: a jar dropped into deploy/ is loaded, a removed one unloaded, a replaced one reloaded.
package org.modkern.core.kernel;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_INFO;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.modkern.api.Errno;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.loader.ModuleLoader;
import org.modkern.core.loader.ModuleState;
import org.modkern.core.log.Printer;

/**
 * Watches {@code deploy/} (the JDK's WatchService wakes it, a listing decides): a {@code .jar}
 * that has stopped changing for the settle time is loaded as insmod would; one that fails is
 * reported in the kernel log and skipped until it changes again (a jar still being copied gets
 * its turn when complete); a removed jar's module is unloaded, a replaced jar's reloaded.
 */
public final class DeployDir implements Runnable {

    /** A file's size and modification time: a jar whose stamp holds still is complete. */
    private record Stamp(long size, long modified) {
    }

    private final Path dir;
    private final ModuleLoader loader;
    private final Printer log;
    private final long settleMillis;
    /** The version of each jar last acted on, loaded or refused. */
    private final Map<Path, Stamp> handled = new HashMap<>();
    /** The module each jar loaded. */
    private final Map<Path, LoadedModule> modules = new HashMap<>();
    /** Jars refused with EEXIST: another module of their name was loaded; retried when a deploy module goes. */
    private final Set<Path> clashed = new HashSet<>();
    private volatile WatchService watch;
    private volatile boolean stopped;
    private Thread thread;

    public DeployDir(Path dir, ModuleLoader loader, Printer log, long settleMillis) {
        this.dir = dir;
        this.loader = loader;
        this.log = log;
        this.settleMillis = settleMillis;
    }

    /**
     * Loads what the folder holds, as part of the boot, then watches it; no folder, nothing to
     * watch.
     */
    public synchronized void start() {
        if (!Files.isDirectory(dir) || thread != null) {
            return;
        }
        scan(System.currentTimeMillis());
        try {
            watch = dir.getFileSystem().newWatchService();
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            log.printk(KERN_ERR, "deploy: cannot watch %s: %s", dir, e.getMessage());
            return;
        }
        thread = new Thread(this, "modkern-deploy");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops watching and waits for a load in progress to finish, as a shutdown waits for
     * insmod; the modules loaded stay until shutdown unloads them with the rest.
     */
    public synchronized void stop() {
        stopped = true;
        WatchService w = watch;
        if (w == null) {
            return;
        }
        try {
            w.close();
        } catch (IOException e) {
            // closing only wakes the thread
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                WatchKey k = watch.poll(settleMillis, TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
                scan(System.currentTimeMillis());
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped
        }
    }

    /** Compares the folder with what was acted on, and acts on the jars that settled. */
    void scan(long now) {
        Map<Path, Stamp> present = list();
        for (Path gone : new ArrayList<>(handled.keySet())) {
            if (!present.containsKey(gone)) {
                handled.remove(gone);
                if (unload(gone)) {
                    // a jar refused because this module held its name may load now
                    handled.keySet().removeAll(clashed);
                    clashed.clear();
                }
            }
        }
        for (Map.Entry<Path, Stamp> e : present.entrySet()) {
            Path jar = e.getKey();
            Stamp s = e.getValue();
            if (stopped) {
                return;
            }
            if (s.equals(handled.get(jar)) || now - s.modified() < settleMillis) {
                continue; // acted on already, or still being written
            }
            handled.put(jar, s);
            unload(jar);
            try {
                LoadedModule m = loader.load(jar, List.of(), false);
                modules.put(jar, m);
                clashed.remove(jar);
                log.printk(KERN_INFO, "deploy: %s: loaded %s", jar.getFileName(), m.name());
            } catch (ModuleException | RuntimeException ex) {
                int errno = ex instanceof ModuleException me ? me.errno() : Errno.EFAULT;
                if (errno == Errno.EEXIST) {
                    clashed.add(jar);
                }
                log.printk(KERN_ERR, "deploy: could not insert module %s: %s", jar.getFileName(),
                        ModuleException.insmodStrerror(errno));
            }
        }
    }

    /** The regular {@code .jar} files of the folder, by name. */
    private Map<Path, Stamp> list() {
        Map<Path, Stamp> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.put(p, new Stamp(a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // gone between the listing and the look: the next scan sees it go
                }
            }
        } catch (IOException e) {
            log.printk(KERN_ERR, "deploy: cannot list %s: %s", dir, e.getMessage());
            return new TreeMap<>(handled);
        }
        return out;
    }

    /** Unloads the module a jar loaded, unless it went another way (rmmod) since; true if it did unload. */
    private boolean unload(Path jar) {
        LoadedModule m = modules.remove(jar);
        if (m == null || m.state() != ModuleState.LIVE) {
            return false;
        }
        try {
            loader.unload(m.name(), false);
            log.printk(KERN_INFO, "deploy: %s: unloaded %s", jar.getFileName(), m.name());
            return true;
        } catch (ModuleException e) {
            log.printk(KERN_ERR, "deploy: could not remove module %s: %s", m.name(), e.strerror());
            return false;
        }
    }
}
