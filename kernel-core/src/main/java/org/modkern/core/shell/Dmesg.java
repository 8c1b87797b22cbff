package org.modkern.core.shell;

import java.util.BitSet;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.log.KernelLog;

/** {@code dmesg [-l LEVELS] [-w] [-C] [-c]}: prints the kernel log ring buffer. */
public final class Dmesg {

    private final Kernel kernel;

    Dmesg(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("print or control the kernel ring buffer")
    public void dmesg(
            @Descriptor("restrict output to these levels: emerg,alert,crit,err,warn,notice,info,debug")
            @Parameter(names = {"-l", "--level"}, absentValue = "") String levels,
            @Descriptor("wait for new messages")
            @Parameter(names = {"-w", "--follow"}, presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor("clear the ring buffer")
            @Parameter(names = {"-C", "--clear"}, presentValue = "true", absentValue = "false") boolean clear,
            @Descriptor("print, then clear the ring buffer")
            @Parameter(names = {"-c", "--read-clear"}, presentValue = "true", absentValue = "false") boolean readClear)
            throws InterruptedException {
        BitSet wanted = levels(levels);
        KernelLog log = kernel.log();
        if (clear) {
            log.clear();
            return;
        }
        long next;
        synchronized (log) {
            List<KernelLog.Entry> entries = log.entries();
            print(entries, wanted);
            next = log.nextSeq();
            if (readClear) {
                log.clear();
            }
        }
        while (follow) {
            if (log.await(next, 1000)) {
                List<KernelLog.Entry> entries = log.since(next);
                print(entries, wanted);
                next += entries.size();
            }
        }
    }

    private static void print(List<KernelLog.Entry> entries, BitSet wanted) {
        StringBuilder sb = new StringBuilder();
        for (KernelLog.Entry e : entries) {
            if (wanted.get(e.level())) {
                sb.append(e.format()).append('\n');
            }
        }
        System.out.print(sb);
        System.out.flush();
    }

    private static BitSet levels(String spec) {
        BitSet set = new BitSet();
        if (spec == null || spec.isEmpty()) {
            set.set(0, 8);
            return set;
        }
        for (String name : spec.split(",")) {
            int lvl = KernelLog.levelOf(name);
            if (lvl < 0) {
                throw CommandFailed.fail("dmesg: unknown level '" + name.trim() + "'");
            }
            set.set(lvl);
        }
        return set;
    }
}
