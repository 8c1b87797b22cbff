// The symbol files: /proc/kallsyms and the policy's fault injection in /sys/kernel/debug.
package org.modkern.core.sysfs;

import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.symbols.FaultAttr;
import org.modkern.core.symbols.SymbolTable;

/**
 * {@code /proc/kallsyms} (every exported symbol, in the format {@link SymbolTable} documents)
 * and {@code /sys/kernel/debug/fail_symbol_policy/times}, the {@link FaultAttr} knob that makes
 * the symbol policy fail, as Linux's fault-injection files do for their subsystems.
 */
public final class SymbolFiles {

    private SymbolFiles() {
    }

    /** Registers the files in {@code fs}. */
    public static void register(KernelFs fs, SymbolTable symbols, FaultAttr fault) {
        fs.register("/proc/kallsyms", new KernelFs.Node() {
            @Override
            public String read() {
                StringBuilder sb = new StringBuilder();
                for (SymbolTable.Entry e : symbols.entries()) {
                    sb.append(e.kallsymsLine()).append('\n');
                }
                return sb.toString();
            }
        });
        fs.register("/sys/kernel/debug/fail_symbol_policy/times", new KernelFs.Node() {
            @Override
            public String read() {
                return fault.times() + "\n";
            }

            @Override
            public void write(String value) throws ModuleException {
                try {
                    fault.times(Long.parseLong(value.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ModuleException(Errno.EINVAL, "fail_symbol_policy/times: " + e.getMessage());
                }
            }
        });
    }
}
