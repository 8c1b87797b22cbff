package org.modkern.core.shell;

/**
 * Makes {@code echo 9 > /sys/module/hello/parameters/my_param} work. Gogo opens a redirection
 * target as a host file, where {@code /sys} is the host's; this rewrites a {@code >} or
 * {@code >>} into a kernel path as a pipe into {@code _kernfs_write PATH}, leaving quoted text,
 * other redirections and everything else alone.
 */
public final class Redirects {

    /**
     * The command that writes its standard input into a kernel file: a function in the
     * console's session, not a registered command, so {@code help} does not list it.
     */
    public static final String WRITER = "_kernfs_write";

    private Redirects() {
    }

    /** The line with redirections into /proc and /sys rewritten; other lines come back unchanged. */
    public static String rewrite(String line) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        boolean single = false;
        boolean dbl = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\' && !single && i + 1 < line.length()) {
                out.append(c).append(line.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '>' && !single && !dbl && !fdPrefix(line, i)) {
                int j = i + 1;
                if (j < line.length() && line.charAt(j) == '>') {
                    j++;
                }
                if (j < line.length() && line.charAt(j) == '&') {
                    out.append(line, i, j);
                    i = j;
                    continue;
                }
                while (j < line.length() && line.charAt(j) == ' ') {
                    j++;
                }
                int end = j;
                while (end < line.length() && " \t;|&)}".indexOf(line.charAt(end)) < 0) {
                    end++;
                }
                String target = line.substring(j, end);
                if (target.startsWith("/proc/") || target.startsWith("/sys/")) {
                    trimTrailingSpace(out);
                    out.append(" | ").append(WRITER).append(' ').append(target);
                    i = end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** {@code 2>} and {@code &>} are redirections of other streams: leave them to Gogo. */
    private static boolean fdPrefix(String line, int i) {
        return i > 0 && (Character.isDigit(line.charAt(i - 1)) || line.charAt(i - 1) == '&');
    }

    private static void trimTrailingSpace(StringBuilder sb) {
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 1);
        }
    }
}
