package org.modkern.core.shell;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.modkern.core.kernel.Kernel;

/**
 * Runs shell command lines in one Gogo session the way {@code sh} does: statements one after
 * another, each one's exit status recorded, the last one's returned. Used by the console
 * modes ({@code -c}, standard input, the interactive terminal) and by tests.
 */
public final class Console implements AutoCloseable {

    /** Session variable set by {@code shutdown}: the kernel is going down, run nothing more. */
    static final String HALTED = ".modkern.halted";
    private static final String NO_SIGNATURE = "Cannot coerce ";

    private final CommandSession session;
    private final PrintStream out;
    private final PrintStream err;
    private int status;

    public Console(CommandProcessor processor, Kernel kernel, java.io.InputStream in, PrintStream out, PrintStream err) {
        this.session = processor.createSession(in, out, err);
        this.out = out;
        this.err = err;
        // kernel commands win over any other scope's command of the same name (cat, echo, ls)
        session.put("SCOPE", Commands.SCOPE + ":*");
        session.put("prompt", "modkern# ");
        FsCommands fs = new FsCommands(kernel);
        session.put(Redirects.WRITER, (org.apache.felix.service.command.Function) (s, args) -> {
            if (args.size() != 1) {
                throw CommandFailed.fail("modkern: " + Redirects.WRITER + ": one kernel path expected");
            }
            fs.kernfsWrite(String.valueOf(args.get(0)));
            return null;
        });
    }

    /** The session, for completion and tests. */
    public CommandSession session() {
        return session;
    }

    /** True once {@code shutdown} ran: the caller reads no further line. */
    public boolean halted() {
        return Boolean.TRUE.equals(session.get(HALTED));
    }

    /** The exit status of the last statement run. */
    public int status() {
        return status;
    }

    /**
     * Runs a line that may hold several statements ({@code insmod x.jar; lsmod}), each on
     * its own as sh would: a failed statement does not stop the next.
     *
     * @return the exit status of the last statement
     */
    public int run(String line) {
        String text = Redirects.rewrite(line);
        List<? extends CharSequence> statements;
        try {
            statements = new Parser(text).program().tokens();
        } catch (RuntimeException e) {
            // a syntax error: let Gogo run the whole line and report it
            statements = List.of(text);
        }
        for (CharSequence statement : statements) {
            if (halted()) {
                break;
            }
            status = execute(statement.toString());
        }
        return status;
    }

    /** Runs every line from a reader, as {@code sh < script}; returns the last status. */
    public int runAll(java.io.InputStream in) throws java.io.IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while (!halted() && (line = r.readLine()) != null) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                run(line);
            }
        }
        return status;
    }

    private int execute(String statement) {
        if (statement.isBlank()) {
            return status;
        }
        try {
            Object result = session.execute(statement);
            if (result != null) {
                out.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            return report(statement, e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int report(String statement, Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof CommandFailed) && !(t instanceof CommandNotFoundException)) {
            t = t.getCause();
        }
        if (t instanceof CommandFailed f) {
            return f.status();
        }
        if (t instanceof CommandNotFoundException nf) {
            err.println("modkern: " + nf.getCommand() + ": command not found");
            return 127;
        }
        if (t instanceof InterruptedException) {
            return 130;
        }
        String msg = t.getMessage() != null ? t.getMessage() : t.toString();
        if (t instanceof IllegalArgumentException && msg.startsWith(NO_SIGNATURE)) {
            // Gogo found no method for these arguments ("Cannot coerce lsmod(Token) to any of [()]")
            int paren = msg.indexOf('(');
            String cmd = paren > NO_SIGNATURE.length() ? msg.substring(NO_SIGNATURE.length(), paren) : "modkern";
            err.println(cmd + ": invalid option or argument");
            err.println("Try 'help " + cmd + "' for more information.");
            return 1;
        }
        err.println("modkern: " + statement.strip().split("\\s+", 2)[0] + ": " + msg);
        return 1;
    }

    @Override
    public void close() {
        session.close();
    }
}
