package dev.resilientio.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.FileLocked;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Only classes whose bytes mention the annotations are parsed; the rest cost one byte scan. */
class WeavingTransformerTest {

    static class Annotated {
        @FileLocked
        void save(Path file) {
        }
    }

    static class Plain {
        void save(Path file) {
        }
    }

    private final WeavingTransformer transformer = new WeavingTransformer();
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void classMentioningTheAnnotationsIsWovenAndOthersAreNot() throws Exception {
        byte[] annotated = AnnotatedMethodWeaverTest.classFile(Annotated.class);

        assertThat(transformer.transform(loader, "app/Annotated", null, null, annotated)).isNotNull();
        assertThat(transformer.transform(loader, "app/Plain", null, null,
                AnnotatedMethodWeaverTest.classFile(Plain.class))).isNull();
    }

    @Test
    void jdkEngineAndBootstrapClassesAreNeverWoven() throws Exception {
        byte[] annotated = AnnotatedMethodWeaverTest.classFile(Annotated.class);

        assertThat(transformer.transform(null, "app/Annotated", null, null, annotated)).isNull();
        assertThat(transformer.transform(loader, "java/util/Annotated", null, null, annotated)).isNull();
        assertThat(transformer.transform(loader, "dev/resilientio/core/Annotated", null, null, annotated)).isNull();
    }

    @Test
    void unreadableClassIsReportedOnStderrAndLoadsUnwoven() throws Exception {
        byte[] annotated = AnnotatedMethodWeaverTest.classFile(Annotated.class);
        byte[] broken = Arrays.copyOf(annotated, annotated.length);
        broken[10] = 99; // the first constant's tag: no such kind of constant exists
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        byte[] result;
        try {
            result = transformer.transform(loader, "app/Broken", null, null, broken);
        } finally {
            System.setErr(stderr);
        }

        assertThat(result).isNull();
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("resilient-io agent could not instrument app.Broken")
                .contains("annotations (@RetryFileOperation, @FileLocked, @AtomicWrite, ...) do nothing");
    }
}
