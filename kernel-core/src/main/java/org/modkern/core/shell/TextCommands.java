package org.modkern.core.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/** {@code grep}, {@code head}, {@code tail} and {@code wc -l} over standard input, for pipelines such as {@code lsmod | grep snd}. */
public final class TextCommands {

    private final FsCommands fs;

    TextCommands(FsCommands fs) {
        this.fs = fs;
    }

    @Descriptor("print lines of standard input that match a regular expression")
    public void grep(
            @Descriptor("ignore case") @Parameter(names = {"-i", "--ignore-case"}, presentValue = "true", absentValue = "false") boolean ignoreCase,
            @Descriptor("print lines that do not match") @Parameter(names = {"-v", "--invert-match"}, presentValue = "true", absentValue = "false") boolean invert,
            @Descriptor("print only a count of matching lines") @Parameter(names = {"-c", "--count"}, presentValue = "true", absentValue = "false") boolean count,
            @Descriptor("pattern") String pattern,
            @Descriptor("files to search instead of standard input; /proc and /sys are the kernel's") String... files)
            throws IOException {
        Pattern p;
        try {
            p = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw CommandFailed.fail("grep: " + e.getDescription());
        }
        int n = 0;
        for (String line : files.length == 0 ? lines() : fileLines(files)) {
            if (p.matcher(line).find() != invert) {
                n++;
                if (!count) {
                    System.out.println(line);
                }
            }
        }
        if (count) {
            System.out.println(n);
        }
        if (n == 0) {
            throw new CommandFailed(1);
        }
    }

    @Descriptor("print the first lines of standard input")
    public void head(@Descriptor("number of lines") @Parameter(names = {"-n", "--lines"}, absentValue = "10") int n)
            throws IOException {
        List<String> lines = lines();
        lines.subList(0, Math.min(Math.max(n, 0), lines.size())).forEach(System.out::println);
    }

    @Descriptor("print the last lines of standard input")
    public void tail(@Descriptor("number of lines") @Parameter(names = {"-n", "--lines"}, absentValue = "10") int n)
            throws IOException {
        Deque<String> last = new ArrayDeque<>();
        for (String line : lines()) {
            last.addLast(line);
            if (last.size() > Math.max(n, 0)) {
                last.removeFirst();
            }
        }
        last.forEach(System.out::println);
    }

    @Descriptor("count the lines of standard input")
    public void wc(@Descriptor("count lines") @Parameter(names = {"-l", "--lines"}, presentValue = "true", absentValue = "true") boolean lines)
            throws IOException {
        System.out.println(lines().size());
    }

    private List<String> fileLines(String[] files) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            try {
                out.addAll(fs.read(null, f).lines().toList());
            } catch (org.modkern.core.loader.ModuleException | java.nio.file.NoSuchFileException e) {
                throw CommandFailed.fail("grep: " + f + ": No such file or directory");
            }
        }
        return out;
    }

    private static List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        return out;
    }
}
