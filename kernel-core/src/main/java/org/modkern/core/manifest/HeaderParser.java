package org.modkern.core.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses OSGi manifest header syntax: clauses split by ',', each a list of paths and
 * {@code name=value} attributes and {@code name:=value} directives split by ';', where a
 * quoted string may hold any of those characters ({@code "of:N*T*Cfsl,imx6q-uart"}).
 */
public final class HeaderParser {

    /** One clause of a header: its paths, attributes and directives, in the order written. */
    public record Clause(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {

        /** The first path, the clause's name. */
        public String path() {
            return paths.get(0);
        }

        /** An attribute's value, or {@code def} if the clause has none. */
        public String attribute(String name, String def) {
            return attributes.getOrDefault(name, def);
        }
    }

    /** The OSGi attribute types ({@code name:Version=1.0}). */
    private static final Pattern TYPE = Pattern.compile("(String|Version|Long|Double)|List(<(String|Version|Long|Double)>)?");

    private HeaderParser() {
    }

    /**
     * Parses a header value. A {@code null} or blank header has no clauses.
     *
     * @throws IllegalArgumentException on an unterminated quote or an empty clause
     */
    public static List<Clause> parse(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        // One pass: parts end at an unquoted ';', clauses at an unquoted ','.
        List<Clause> clauses = new ArrayList<>();
        List<String> parts = new ArrayList<>(4);
        boolean quoted = false;
        int start = 0;
        int n = header.length();
        for (int i = 0; i < n; i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == ',')) {
                parts.add(header.substring(start, i));
                start = i + 1;
                if (c == ',') {
                    clauses.add(clause(parts));
                    parts.clear();
                }
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in header: " + header);
        }
        parts.add(header.substring(start));
        clauses.add(clause(parts));
        return Collections.unmodifiableList(clauses);
    }

    /** The paths of every clause, in order: the plain list view of a header such as {@code Module-Alias}. */
    public static List<String> paths(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        // A plain list (no parameters anywhere) needs no clause objects: the common case, and hot in depmod.
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        int n = header.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? header.charAt(i) : ',';
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ';' || c == '=')) {
                return pathsOfClauses(header);
            } else if (!quoted && c == ',') {
                String path = unquote(header.substring(start, Math.min(i, n)).trim());
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("empty clause in header: ''");
                }
                out.add(path);
                start = i + 1;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in header: " + header);
        }
        return out;
    }

    private static List<String> pathsOfClauses(String header) {
        List<String> out = new ArrayList<>();
        for (Clause c : parse(header)) {
            out.addAll(c.paths());
        }
        return out;
    }

    private static Clause clause(List<String> parts) {
        List<String> paths = new ArrayList<>(1);
        Map<String, String> attrs = null;
        Map<String, String> dirs = null;
        for (String part : parts) {
            int eq = part.indexOf('=') < 0 ? -1 : unquotedIndexOf(part, '=');
            String name = eq > 0 ? part.substring(0, eq).trim() : null;
            if (name != null && name.endsWith(":") && isName(name.substring(0, name.length() - 1))) {
                dirs = dirs == null ? new LinkedHashMap<>() : dirs;
                dirs.put(name.substring(0, name.length() - 1), unquote(part.substring(eq + 1).trim()));
            } else if (name != null && isName(stripType(name))) {
                attrs = attrs == null ? new LinkedHashMap<>() : attrs;
                attrs.put(stripType(name), unquote(part.substring(eq + 1).trim()));
            } else {
                if (attrs != null || dirs != null) {
                    throw new IllegalArgumentException("path after parameters in clause: " + String.join(";", parts).trim());
                }
                String path = unquote(part.trim());
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("empty clause in header: '" + String.join(";", parts).trim() + "'");
                }
                paths.add(path);
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("empty clause in header: '" + String.join(";", parts).trim() + "'");
        }
        return new Clause(Collections.unmodifiableList(paths),
                attrs == null ? Map.of() : Collections.unmodifiableMap(attrs),
                dirs == null ? Map.of() : Collections.unmodifiableMap(dirs));
    }

    /**
     * Attribute names may carry a type ({@code version:Version=1.0}); the type is dropped. Only
     * the OSGi types count, so a path such as {@code acpi:FOO=1} stays a path; null otherwise.
     */
    private static String stripType(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return name;
        }
        String type = name.substring(colon + 1).replace(" ", "");
        return TYPE.matcher(type).matches() ? name.substring(0, colon) : null;
    }


    private static boolean isName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int unquotedIndexOf(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == target && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** Removes surrounding double quotes and the backslash escapes inside them. */
    static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
