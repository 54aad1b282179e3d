package dev.resilientio.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles small sources with the processor and reads what it said. */
final class Sources {

    private static final String IMPORTS = "package app;\n"
            + "import dev.resilientio.annotations.*;\n"
            + "import java.io.*;\n"
            + "import java.nio.file.*;\n"
            + "import java.util.*;\n";

    private Sources() {
    }

    /** Compiles one class {@code app.Store} whose body is given, with the usual imports. */
    static Compilation compileStore(String body) {
        return compile(JavaFileObjects.forSourceString("app.Store", IMPORTS + "public class Store {\n" + body + "\n}\n"));
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new ResilientIoProcessor()).compile(sources);
    }

    static JavaFileObject source(String className, String text) {
        return JavaFileObjects.forSourceString(className, IMPORTS + text);
    }

    static List<String> errors(Compilation compilation) {
        return messages(compilation.errors());
    }

    static List<String> warnings(Compilation compilation) {
        return messages(compilation.warnings());
    }

    private static List<String> messages(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        return diagnostics.stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
    }
}
