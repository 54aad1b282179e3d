package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.annotations.FileLocked;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only classes whose bytes mention the annotations reach Byte Buddy; the rest cost one byte scan. */
class AnnotationPrefilterTest {

    static class Annotated {
        @FileLocked
        void save(Path file) {
        }
    }

    static class Plain {
        void save(Path file) {
        }
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName().isEmpty() ? null
                : type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void onlyClassesMentioningTheAnnotationsReachTheDelegate() throws Exception {
        List<String> delegated = new ArrayList<>();
        ClassFileTransformer delegate = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                    java.security.ProtectionDomain domain, byte[] bytes) {
                delegated.add(className);
                return null;
            }
        };
        AnnotationPrefilter prefilter = new AnnotationPrefilter(() -> delegate);

        prefilter.transform(getClass().getModule(), null, "Annotated", null, null, classFile(Annotated.class));
        prefilter.transform(getClass().getModule(), null, "Plain", null, null, classFile(Plain.class));

        assertThat(delegated).containsExactly("Annotated");
    }
}
