package org.modkern.core.params;

import static org.modkern.api.Printk.KERN_ERR;
import static org.modkern.api.Printk.KERN_WARNING;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.log.Printer;
import org.modkern.core.manifest.ModuleInfo.ParamDecl;

/**
 * A loaded module's parameters: what {@code Module-Param} declares, bound to the same-named
 * fields of the module's init object (Linux's {@code module_param} points at the variable the
 * same way), set from the load arguments and from writes to
 * {@code /sys/module/NAME/parameters/P}.
 */
public final class ModuleParams {

    private static final String ARRAY_OF = "array of ";

    /** One parameter: its declaration, its type and where its value lives. */
    public static final class Param {
        private final ParamDecl decl;
        private final ParamType type;
        private final boolean array;
        private final Field field;
        private final Object owner;
        private Object value;

        Param(ParamDecl decl, ParamType type, boolean array, Field field, Object owner) {
            this.decl = decl;
            this.type = type;
            this.array = array;
            this.field = field;
            this.owner = owner;
        }

        /** The declaration from the manifest. */
        public ParamDecl decl() {
            return decl;
        }

        /** The type as modinfo prints it: {@code int}, {@code array of int}. */
        public String typeName() {
            return array ? ARRAY_OF + type.linuxName() : type.linuxName();
        }

        /** The value as the module sees it ({@code Integer}, {@code int[]} ...). */
        synchronized Object raw() {
            try {
                return field != null ? field.get(owner) : value;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized String read() {
            Object raw = raw();
            if (!array) {
                return type.format(Values.fromField(type, raw));
            }
            if (raw == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Array.getLength(raw); i++) {
                sb.append(i == 0 ? "" : ",").append(type.format(Values.fromField(type, Array.get(raw, i))));
            }
            return sb.toString();
        }

        synchronized void write(String text) throws InvalidValueException {
            Object v;
            if (array) {
                String t = text == null ? null : text.strip();
                if (t == null || t.isEmpty()) {
                    throw InvalidValueException.invalid();
                }
                String[] parts = t.split(",", -1);
                Class<?> component = field != null ? field.getType().getComponentType() : Values.javaType(type);
                v = Array.newInstance(component, parts.length);
                for (int i = 0; i < parts.length; i++) {
                    Array.set(v, i, Values.toField(component, type, type.parse(parts[i])));
                }
            } else {
                String t = text != null && type != ParamType.CHARP ? text.strip() : text;
                if (t != null && t.endsWith("\n")) {
                    t = t.substring(0, t.length() - 1);
                }
                Class<?> target = field != null ? field.getType() : Values.javaType(type);
                v = Values.toField(target, type, type.parse(t));
            }
            try {
                if (field != null) {
                    field.set(owner, v);
                } else {
                    value = v;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final String module;
    private final Printer log;
    private final Map<String, Param> params = new LinkedHashMap<>();

    private ModuleParams(String module, Printer log) {
        this.module = module;
        this.log = log;
    }

    /**
     * Binds the declared parameters to the fields of the module's init object, or to values
     * of their own where the module has no such field (a module without init, or one built by
     * another tool that reads them through its context).
     *
     * @param instance the init object, or null
     * @throws ModuleException ENOEXEC if a declaration names an unknown type or a field of the
     *         wrong kind: the module is malformed
     */
    public static ModuleParams bind(String module, List<ParamDecl> decls, Object instance, Printer log)
            throws ModuleException {
        ModuleParams mp = new ModuleParams(module, log);
        for (ParamDecl d : decls) {
            boolean array = d.type().startsWith(ARRAY_OF);
            ParamType type = ParamType.of(array ? d.type().substring(ARRAY_OF.length()) : d.type());
            if (type == null) {
                throw malformed(log, module + ": parameter " + d.name() + " has unknown type '" + d.type() + "'");
            }
            Field f = instance == null ? null : Values.findField(instance.getClass(), d.field());
            if (f != null && !Values.fits(f.getType(), type, array)) {
                throw malformed(log, module + ": parameter " + d.name() + " of type "
                        + d.type() + " cannot live in field " + f.getName() + " of type " + f.getType().getSimpleName());
            }
            Param p = new Param(d, type, array, f, instance);
            if (f == null) {
                p.value = array ? null : Values.toField(Values.javaType(type), type, Values.zero(type));
            }
            mp.params.put(d.name(), p);
        }
        return mp;
    }

    /** A malformed declaration: the reason goes to the kernel log, as every refused load's does. */
    private static ModuleException malformed(Printer log, String reason) {
        log.printk(KERN_ERR, "%s", reason);
        return new ModuleException(Errno.ENOEXEC, reason);
    }

    /**
     * Applies load arguments ({@code name=value}, or a bare {@code name} for a bool), Linux's
     * {@code parse_args}: an unknown name is ignored with a warning, a bad value fails.
     *
     * @throws ModuleException EINVAL (or ERANGE) for the first bad value
     */
    public void apply(List<String> args) throws ModuleException {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : unquote(arg.substring(eq + 1));
            Param p = params.get(name.replace('-', '_'));
            if (p == null) {
                p = params.get(name);
            }
            if (p == null) {
                log.printk(KERN_WARNING, "%s: unknown parameter '%s' ignored", module, name);
                continue;
            }
            try {
                p.write(value);
            } catch (InvalidValueException e) {
                if (e.errno() == Errno.EINVAL) {
                    log.printk(KERN_ERR, "%s: `%s' invalid for parameter `%s'", module, value == null ? "" : value, name);
                } else {
                    log.printk(KERN_ERR, "%s: `%s' too large for parameter `%s'", module, value, name);
                }
                throw new ModuleException(e.errno(), module + ": bad value for parameter " + name);
            }
        }
    }

    /** The parameters in declaration order. */
    public List<Param> list() {
        return Collections.unmodifiableList(new ArrayList<>(params.values()));
    }

    /** The parameter, or null. */
    public Param get(String name) {
        return params.get(name);
    }

    /** The value as the module sees it, or null if there is no such parameter. */
    public Object value(String name) {
        Param p = params.get(name);
        return p == null ? null : p.raw();
    }

    /**
     * Reads the sysfs file {@code parameters/NAME}.
     *
     * @throws ModuleException ENOENT if there is no such file, EACCES if it is write-only
     */
    public String read(String name) throws ModuleException {
        Param p = visible(name);
        if ((p.decl().perm() & 0444) == 0) {
            throw new ModuleException(Errno.EACCES, module + ": parameter " + name + " is not readable");
        }
        return p.read();
    }

    /**
     * Writes the sysfs file {@code parameters/NAME}, as root would.
     *
     * @throws ModuleException ENOENT if there is no such file, EACCES if its permission has no
     *         write bit, EINVAL or ERANGE for a bad value
     */
    public void write(String name, String value) throws ModuleException {
        Param p = visible(name);
        if ((p.decl().perm() & 0222) == 0) {
            throw new ModuleException(Errno.EACCES, module + ": parameter " + name + " is read-only");
        }
        try {
            p.write(value);
        } catch (InvalidValueException e) {
            throw new ModuleException(e.errno(), module + ": bad value for parameter " + name);
        }
    }

    /** Names of the parameters that have a sysfs file (a permission other than 0). */
    public List<String> sysfsNames() {
        List<String> out = new ArrayList<>();
        for (Param p : params.values()) {
            if (p.decl().perm() != 0) {
                out.add(p.decl().name());
            }
        }
        return out;
    }

    private Param visible(String name) throws ModuleException {
        Param p = params.get(name);
        if (p == null || p.decl().perm() == 0) {
            throw new ModuleException(Errno.ENOENT, module + ": no parameter " + name);
        }
        return p;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
