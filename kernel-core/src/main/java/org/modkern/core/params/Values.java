package org.modkern.core.params;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Converts between a parameter's parsed value and the Java field that holds it. */
final class Values {

    private Values() {
    }

    /** The Java type a parameter of this type has when the module declares no field. */
    static Class<?> javaType(ParamType t) {
        switch (t) {
            case BOOL:
            case INVBOOL:
                return boolean.class;
            case CHARP:
                return String.class;
            case LONG:
            case ULONG:
            case UINT:
                return long.class;
            default:
                return int.class;
        }
    }

    static Object zero(ParamType t) {
        switch (t) {
            case BOOL:
                return Boolean.FALSE;
            case INVBOOL:
                return Boolean.TRUE;
            case CHARP:
                return null;
            default:
                return 0L;
        }
    }

    /** True if a field of this Java type can hold the parameter. */
    static boolean fits(Class<?> fieldType, ParamType t, boolean array) {
        Class<?> c = array ? fieldType.getComponentType() : fieldType;
        if (c == null) {
            return false;
        }
        switch (t) {
            case BOOL:
            case INVBOOL:
                return c == boolean.class || c == Boolean.class;
            case CHARP:
                return c == String.class;
            case BYTE:
                return c == byte.class || c == short.class || c == int.class || c == long.class;
            case SHORT:
                return c == short.class || c == int.class || c == long.class;
            case USHORT:
            case INT:
                return c == int.class || c == long.class || (t == ParamType.USHORT && c == short.class)
                        || c == Integer.class;
            case UINT:
                return c == int.class || c == long.class;
            default:
                return c == long.class || c == Long.class;
        }
    }

    /** Converts a parsed value (Long, Boolean, String) to the field's type. */
    static Object toField(Class<?> c, ParamType t, Object parsed) {
        if (parsed instanceof Boolean b) {
            return t == ParamType.INVBOOL ? !b : b;
        }
        if (parsed instanceof Long l) {
            if (c == int.class || c == Integer.class) {
                return (int) l.longValue();
            }
            if (c == short.class) {
                return (short) l.longValue();
            }
            if (c == byte.class) {
                return (byte) l.longValue();
            }
            return l;
        }
        return parsed;
    }

    /** Converts a field's value back to the parsed form, widening unsigned types stored narrow. */
    static Object fromField(ParamType t, Object raw) {
        if (raw instanceof Boolean b) {
            return t == ParamType.INVBOOL ? !b : b;
        }
        if (raw instanceof Number n && t.isInteger()) {
            long v = n.longValue();
            if (t == ParamType.UINT && raw instanceof Integer) {
                v = Integer.toUnsignedLong(n.intValue());
            } else if (t == ParamType.USHORT && raw instanceof Short) {
                v = n.shortValue() & 0xFFFF;
            } else if (t == ParamType.BYTE && raw instanceof Byte) {
                v = n.byteValue() & 0xFF;
            }
            return v;
        }
        return raw;
    }

    /** The non-static field of that name in the class or its superclasses, made accessible; or null. */
    static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                    return null;
                }
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }
}
