package org.modkern.core.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.modkern.core.log.Printer;

/** Turns text written by a tool (kmod's warnings) into kernel log records, one a line. */
final class PrintkLines implements Appendable {

    private final Printer log;
    private final StringBuilder line = new StringBuilder();

    PrintkLines(Printer log) {
        this.log = log;
    }

    @Override
    public Appendable append(CharSequence csq) {
        return append(csq, 0, csq.length());
    }

    @Override
    public synchronized Appendable append(CharSequence csq, int start, int end) {
        for (int i = start; i < end; i++) {
            append(csq.charAt(i));
        }
        return this;
    }

    @Override
    public synchronized Appendable append(char c) {
        if (c == '\n') {
            log.log(4, line.toString());
            line.setLength(0);
        } else {
            line.append(c);
        }
        return this;
    }

    /** An output stream whose lines become records at one level. */
    OutputStream stream(int level) {
        return new OutputStream() {
            private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    log.log(level, buf.toString(StandardCharsets.UTF_8));
                    buf.reset();
                } else {
                    buf.write(b);
                }
            }
        };
    }
}
