package dev.resilientio.core.testsupport;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.core.FileOperation;
import dev.resilientio.core.weaving.AnnotatedMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM main for a test that counts, from outside (strace), how often one call resolves its
 * target: {@code update} runs read-modify-write calls of {@link FileOperation}, {@code atomic} calls
 * of an {@code @AtomicWrite} method through the entry point woven code uses. A marker file is
 * opened before the counted calls, after a first call that warms up the classes.
 */
public final class ResolveCountChild {

    private ResolveCountChild() {
    }

    /**
     * The annotated method whose calls are counted.
     *
     * @param file the target, redirected to the temp
     * @param text what to write
     * @throws IOException when writing fails
     */
    @AtomicWrite
    public static void save(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }

    /**
     * Runs the calls.
     *
     * @param args the mode ({@code update} or {@code atomic}), the target, the number of counted calls
     * @throws Throwable when a call fails
     */
    public static void main(String[] args) throws Throwable {
        String mode = args[0];
        Path target = Path.of(args[1]);
        int calls = Integer.parseInt(args[2]);
        FileOperation update = FileOperation.named("ResolveCountChild.update");
        AnnotatedMethod annotated = AnnotatedMethod.of(ResolveCountChild.class.getMethod("save", Path.class, String.class));
        for (int i = 0; i <= calls; i++) {
            if (i == 1) {
                Files.newByteChannel(Path.of(args[1] + ".counting"), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE).close();
            }
            if (mode.equals("update")) {
                update.update(target, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8), "", text -> text + "x",
                        text -> text.getBytes(StandardCharsets.UTF_8));
            } else {
                String text = "call " + i;
                annotated.invoke(null, new Object[] {target, text}, arguments -> {
                    save((Path) arguments[0], (String) arguments[1]);
                    return null;
                });
            }
        }
    }
}
