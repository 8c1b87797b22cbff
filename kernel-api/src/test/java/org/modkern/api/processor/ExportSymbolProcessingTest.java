// Unit tests of ModuleProcessor's symbol exports: what it writes for bnd and what it refuses.
package org.modkern.api.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSymbolProcessingTest {

    @TempDir
    Path out;

    private String diagnostics;

    /** Compiles the sources (path to text) with the processor; the written bnd file, or null. */
    private String compile(Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        StringWriter msgs = new StringWriter();
        JavaCompiler.CompilationTask task = javac.getTask(msgs, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:only"),
                null, units);
        task.setProcessors(List.of(new ModuleProcessor()));
        task.call();
        diagnostics = msgs.toString();
        Path bnd = out.resolve(ModuleProcessor.BND_FILE);
        return Files.exists(bnd) ? Files.readString(bnd) : null;
    }

    @Test
    void packagesBecomeExportClausesWithTheSymbolAttributes() throws IOException {
        String bnd = compile(Map.of(
                "a/plain/package-info.java", "@org.modkern.api.ExportSymbol package a.plain;",
                "a/gpl/package-info.java", "@org.modkern.api.ExportSymbolGpl package a.gpl;",
                "a/ns/package-info.java", "@org.modkern.api.ExportSymbol(ns = \"DMA_BUF\") package a.ns;",
                "a/nsgpl/package-info.java", "@org.modkern.api.ExportSymbolGpl(ns = \"USB\") package a.nsgpl;"));
        assertTrue(bnd != null, diagnostics);
        assertTrue(bnd.contains("\nExport-Package: a.gpl;symbol.license=GPL,a.ns;symbol.ns=DMA_BUF,"
                + "a.nsgpl;symbol.license=GPL;symbol.ns=USB,a.plain\n"), bnd);
        assertFalse(bnd.contains("Module-Init"), "a library of symbols needs no @Module");
    }

    @Test
    void aModuleThatExportsGetsBothItsHeadersAndItsExports() throws IOException {
        String bnd = compile(Map.of(
                "m/api/package-info.java", "@org.modkern.api.ExportSymbol(ns = \"M\") package m.api;",
                "m/M.java", "package m; @org.modkern.api.Module(license = \"GPL\", importNs = \"DMA_BUF\") "
                        + "public class M implements org.modkern.api.KernelModule { public int init(org.modkern.api.ModuleContext c) { return 0; } }"));
        assertTrue(bnd != null, diagnostics);
        assertTrue(bnd.contains("\nModule-Init: m.M\n"), bnd);
        assertTrue(bnd.contains("\nModule-Import-NS: DMA_BUF\n"), bnd);
        assertTrue(bnd.contains("\nExport-Package: m.api;symbol.ns=M\n"), bnd);
    }

    @Test
    void aPackageIsExportedOneWayAndANamespaceIsAnIdentifier() throws IOException {
        assertEquals(null, compile(Map.of("b/package-info.java",
                "@org.modkern.api.ExportSymbol @org.modkern.api.ExportSymbolGpl package b;")));
        assertTrue(diagnostics.contains("@ExportSymbol or @ExportSymbolGpl, not both"), diagnostics);
        assertEquals(null, compile(Map.of("c/package-info.java", "@org.modkern.api.ExportSymbol(ns = \"a b\") package c;")));
        assertTrue(diagnostics.contains("a symbol namespace is a C identifier"), diagnostics);
    }
}
