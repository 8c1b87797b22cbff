// Writes a module's manifest headers (Module-*, Export-Package symbols) from kernel-api's annotations.
package org.modkern.api.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.modkern.api.ExportSymbol;
import org.modkern.api.ExportSymbolGpl;
import org.modkern.api.Module;
import org.modkern.api.Param;

/**
 * Turns {@link Module}, {@link Param}, {@link ExportSymbol} and {@link ExportSymbolGpl} into the
 * manifest headers of the module contract. {@code @Module} on a class names it
 * {@code Module-Init}; on a package it declares a library module without init.
 *
 * <p>It writes {@value #BND_FILE} into the class output; the build's bnd configuration
 * includes that file, so the headers land in the bundle's manifest (the parent POM of modkern's
 * bundles does this, and so can any bnd-based build). javac finds the processor on its own
 * when kernel-api is on the class path.
 *
 * <p>An exported package becomes an {@code Export-Package} clause with the symbol attributes
 * ({@code symbol.license="GPL"}, {@code symbol.ns="NS"}); bnd adds the package's
 * {@code @Version}. A bundle that only exports symbols needs no {@link Module}: kernel-api
 * builds its own exports this way.
 */
@SupportedAnnotationTypes({"org.modkern.api.Module", "org.modkern.api.Param",
        "org.modkern.api.ExportSymbol", "org.modkern.api.ExportSymbolGpl"})
public final class ModuleProcessor extends AbstractProcessor {

    /** Where the generated bnd instructions go, relative to the class output. */
    public static final String BND_FILE = "META-INF/modkern/module.bnd";

    private static final Map<String, String> TYPES = Map.of(
            "int", "int", "boolean", "bool", "byte", "byte", "short", "short", "long", "long",
            "java.lang.String", "charp", "int[]", "array of int");

    private boolean written;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
        Set<? extends Element> modules = env.getElementsAnnotatedWith(Module.class);
        for (Element field : env.getElementsAnnotatedWith(Param.class)) {
            if (field.getEnclosingElement().getAnnotation(Module.class) == null) {
                error(field, "@Param belongs on a field of the @Module class");
            }
        }
        List<String> exports = exports(env);
        if (exports == null || (modules.isEmpty() && exports.isEmpty())) {
            return false;
        }
        if (modules.size() > 1 || written) {
            for (Element e : modules) {
                error(e, "a bundle holds one module: only one class may carry @Module");
            }
            return false;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Element origin = null;
        if (!modules.isEmpty()) {
            Element element = modules.iterator().next();
            if (element instanceof TypeElement type && !implementsKernelModule(type)) {
                error(type, "@Module class must implement org.modkern.api.KernelModule");
                return false;
            }
            Map<String, String> h = headers(element);
            if (h == null) {
                return false;
            }
            headers.putAll(h);
            origin = element;
        }
        if (!exports.isEmpty()) {
            headers.put("Export-Package", String.join(",", exports));
        }
        write(origin, headers);
        written = true;
        return false;
    }

    /**
     * The Export-Package clauses of the packages carrying a symbol annotation, sorted; null
     * after reporting an error.
     */
    private List<String> exports(RoundEnvironment env) {
        Map<String, String> clauses = new TreeMap<>();
        boolean ok = true;
        for (Element e : env.getElementsAnnotatedWith(ExportSymbol.class)) {
            ok &= export(e, false, e.getAnnotation(ExportSymbol.class).ns(), clauses);
        }
        for (Element e : env.getElementsAnnotatedWith(ExportSymbolGpl.class)) {
            ok &= export(e, true, e.getAnnotation(ExportSymbolGpl.class).ns(), clauses);
        }
        return ok ? new ArrayList<>(clauses.values()) : null;
    }

    private boolean export(Element e, boolean gpl, String ns, Map<String, String> clauses) {
        if (!(e instanceof PackageElement pkg)) {
            error(e, "symbol export annotations belong in package-info.java");
            return false;
        }
        String name = pkg.getQualifiedName().toString();
        if (clauses.containsKey(name)) {
            error(e, "a package is exported once: @ExportSymbol or @ExportSymbolGpl, not both");
            return false;
        }
        if (!ns.isEmpty() && !ns.matches("[A-Za-z0-9_]+")) {
            error(e, "a symbol namespace is a C identifier such as DMA_BUF: " + ns);
            return false;
        }
        StringBuilder sb = new StringBuilder(name);
        if (gpl) {
            sb.append(";symbol.license=GPL");
        }
        if (!ns.isEmpty()) {
            sb.append(";symbol.ns=").append(ns);
        }
        clauses.put(name, sb.toString());
        return true;
    }

    private Map<String, String> headers(Element element) {
        Module m = element.getAnnotation(Module.class);
        Map<String, String> h = new LinkedHashMap<>();
        if (element instanceof TypeElement type) {
            h.put("Module-Init", processingEnv.getElementUtils().getBinaryName(type).toString());
        }
        h.put("Module-License", m.license());
        putList(h, "Module-Author", m.author());
        if (!m.description().isEmpty()) {
            h.put("Bundle-Description", m.description());
        }
        if (!m.version().isEmpty()) {
            h.put("Bundle-Version", m.version());
        }
        putList(h, "Module-Alias", m.alias());
        if (!m.softdep().isEmpty()) {
            h.put("Module-Softdep", m.softdep());
        }
        putList(h, "Module-Import-NS", m.importNs());
        String vermagic = vermagic();
        if (vermagic != null) {
            h.put("Module-Vermagic", vermagic);
        }
        List<String> params = new ArrayList<>();
        for (Element e : element.getKind() == ElementKind.PACKAGE ? List.<Element>of() : element.getEnclosedElements()) {
            Param p = e.getAnnotation(Param.class);
            if (p == null || e.getKind() != ElementKind.FIELD) {
                continue;
            }
            String clause = param((VariableElement) e, p);
            if (clause == null) {
                return null;
            }
            params.add(clause);
        }
        if (!params.isEmpty()) {
            h.put("Module-Param", String.join(",", params));
        }
        return h;
    }

    private String param(VariableElement field, Param p) {
        Set<Modifier> mods = field.getModifiers();
        if (mods.contains(Modifier.STATIC) || mods.contains(Modifier.FINAL)) {
            error(field, "@Param field must be an instance field that is not final");
            return null;
        }
        String javaType = field.asType().toString();
        String type = p.type().isEmpty() ? TYPES.get(javaType) : p.type();
        if (type == null) {
            error(field, "no Linux parameter type for " + javaType + ": name one with @Param(type=...)");
            return null;
        }
        if ((p.perm() & ~0777) != 0) {
            error(field, "@Param perm must be an octal permission such as 0644");
            return null;
        }
        String name = p.name().isEmpty() ? field.getSimpleName().toString() : p.name();
        StringBuilder sb = new StringBuilder(name)
                .append(";type=").append(quote(type))
                .append(";perm=").append(String.format("%04o", p.perm()));
        if (!name.equals(field.getSimpleName().toString())) {
            sb.append(";field=").append(field.getSimpleName());
        }
        if (!p.desc().isEmpty()) {
            sb.append(";desc=").append(quote(p.desc()));
        }
        return sb.toString();
    }

    private boolean implementsKernelModule(TypeElement type) {
        TypeMirror km = processingEnv.getElementUtils().getTypeElement("org.modkern.api.KernelModule").asType();
        return processingEnv.getTypeUtils().isAssignable(type.asType(), km);
    }

    private String vermagic() {
        try (InputStream in = ModuleProcessor.class.getResourceAsStream("/META-INF/modkern/vermagic")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private void write(Element origin, Map<String, String> headers) {
        try {
            FileObject out = origin == null
                    ? processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", BND_FILE)
                    : processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", BND_FILE, origin);
            try (Writer w = out.openWriter()) {
                w.write("# written by org.modkern.api.processor.ModuleProcessor"
                        + (origin == null ? "" : " from " + origin) + "\n");
                for (Map.Entry<String, String> e : headers.entrySet()) {
                    w.write(e.getKey() + ": " + e.getValue() + "\n");
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + BND_FILE + ": " + e.getMessage(), origin);
        }
    }

    private static void putList(Map<String, String> h, String header, String[] values) {
        if (values.length == 0) {
            return;
        }
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(quote(v));
        }
        h.put(header, String.join(",", quoted));
    }

    /** An OSGi header quoted-string where the value needs one: it holds , ; = " \ or blanks. */
    static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> ",;=\"\\ \t".indexOf(c) >= 0)) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void error(Element e, String msg) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, msg, e);
    }
}
