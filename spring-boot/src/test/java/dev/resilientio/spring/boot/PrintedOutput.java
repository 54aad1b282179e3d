package dev.resilientio.spring.boot;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test prints to {@code System.out} and {@code System.err}, still shown as it is printed. (Spring
 * Boot 4's own {@code OutputCaptureExtension} needs JUnit 6; the build runs JUnit 5.) Register it on
 * an instance field: {@code @RegisterExtension final PrintedOutput output = new PrintedOutput();}
 */
final class PrintedOutput implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @Override
    public void beforeEach(ExtensionContext context) {
        printed.reset();
        out = System.out;
        err = System.err;
        System.setOut(tee(out));
        System.setErr(tee(err));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(out);
        System.setErr(err);
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (printed) {
                    printed.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (printed) {
                    printed.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }
}
