// modules.builtin.modinfo: what modinfo shows of modules built into the kernel, read as libkmod reads it.
package org.modkern.core.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed modules.builtin.modinfo of a modules directory: NUL-separated
 * {@code module.key=value} strings, a module's strings one run. libkmod reads a built-in
 * module's information from the first run with its name; {@link #format} prints it as kmod's
 * modinfo does. Immutable.
 */
public final class BuiltinModinfo {

    /** One string: the module it belongs to and its {@code key=value} text. */
    record Entry(String module, String text) {
    }

    private final List<Entry> entries;

    private BuiltinModinfo(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads {@code modulesDir/modules.builtin.modinfo}; null if there is none. */
    public static BuiltinModinfo load(Path modulesDir) throws IOException {
        Path file = modulesDir.resolve("modules.builtin.modinfo");
        return Files.isRegularFile(file) ? parse(Files.readAllBytes(file)) : null;
    }

    /** Parses the file's bytes; strings without a module prefix are skipped. */
    static BuiltinModinfo parse(byte[] bytes) {
        List<Entry> out = new ArrayList<>();
        for (String s : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int dot = s.indexOf('.');
            if (dot > 0) {
                out.add(new Entry(s.substring(0, dot), s.substring(dot + 1)));
            }
        }
        return new BuiltinModinfo(out);
    }

    /** Every string, in file order. */
    List<Entry> entries() {
        return entries;
    }

    /**
     * A module's {@code key=value} strings: the first run of strings with its name, in file
     * order (libkmod's {@code kmod_builtin_get_modinfo}); null if it has none.
     */
    public List<String> of(String module) {
        int i = 0;
        while (i < entries.size() && !entries.get(i).module().equals(module)) {
            i++;
        }
        if (i == entries.size()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (; i < entries.size() && entries.get(i).module().equals(module); i++) {
            out.add(entries.get(i).text());
        }
        return out;
    }

    /**
     * What kmod's modinfo prints for a built-in module: {@code name:} and {@code filename:
     * (builtin)}, its strings as {@code key: value} lines, its parameters last, each from its
     * {@code parm} and {@code parmtype} strings (the last seen first, as kmod lists them). With
     * a field, only that field's values, one a line ({@code parm} as {@code name:desc (type)}).
     *
     * @param strings the module's strings ({@link #of}), or null when there is no
     *        modules.builtin.modinfo (an old kernel: nothing beyond the file name)
     * @param field the field to print, or null for all
     */
    public static String format(String name, List<String> strings, String field) {
        StringBuilder sb = new StringBuilder();
        if (field == null) {
            line(sb, "name", name);
            line(sb, "filename", "(builtin)");
        } else if (field.equals("name")) {
            sb.append(name).append('\n');
        } else if (field.equals("filename")) {
            return "(builtin)\n";
        }
        if (strings == null) {
            return sb.toString();
        }
        List<String[]> params = new ArrayList<>();
        for (String s : strings) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq);
            String value = eq < 0 ? "" : s.substring(eq + 1);
            if (field != null && !field.equals("parm")) {
                if (field.equals(key)) {
                    sb.append(value).append('\n');
                }
            } else if (key.equals("parm") || key.equals("parmtype")) {
                addParam(params, key, value);
            } else if (field == null) {
                line(sb, key, value);
            }
        }
        for (String[] p : params) {
            // name, description, type; kmod writes a missing description differently in the two forms
            String text = p[1] == null ? (field == null ? p[2] : " (" + p[2] + ")")
                    : p[2] == null ? p[1] : p[1] + " (" + p[2] + ")";
            if (field == null) {
                line(sb, "parm", p[0] + ":" + text);
            } else {
                sb.append(p[0]).append(':').append(text).append('\n');
            }
        }
        return sb.toString();
    }

    /** modinfo's {@code key:} padded to 16 columns, then the value. */
    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(':');
        for (int i = key.length() + 1; i < 16; i++) {
            sb.append(' ');
        }
        sb.append(value).append('\n');
    }

    /** kmod's {@code process_parm}: name, description, type; a new name goes to the front. */
    private static void addParam(List<String[]> params, String key, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = value.substring(0, colon);
        String[] p = null;
        for (String[] q : params) {
            if (q[0].equals(name)) {
                p = q;
            }
        }
        if (p == null) {
            p = new String[] {name, null, null};
            params.add(0, p);
        }
        p[key.equals("parm") ? 1 : 2] = value.substring(colon + 1);
    }
}
