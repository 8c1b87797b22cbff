package org.modkern.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A module parameter, Linux's {@code module_param} with {@code MODULE_PARM_DESC}.
 *
 * <p>Put it on a non-final instance field of the {@link Module} class. The field's initial value
 * is the default; the kernel sets the field from {@code insmod NAME p=v}, from
 * {@code options} in modprobe.d and from writes to {@code /sys/module/NAME/parameters/P}, and
 * reads it back for {@code cat}. The type follows the field: {@code int} is {@code int},
 * {@code boolean} is {@code bool}, {@code String} is {@code charp}, {@code int[]} is
 * {@code array of int}; {@link #type()} names another ({@code uint}, {@code invbool} ...).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Param {

    /** Permission of the sysfs file, as the octal literal Linux uses ({@code 0644}); 0 hides it. */
    int perm() default 0444;

    /** One line describing the parameter. */
    String desc() default "";

    /** The parameter's name; empty takes the field's name. */
    String name() default "";

    /** The Linux type name; empty derives it from the field's Java type. */
    String type() default "";
}
