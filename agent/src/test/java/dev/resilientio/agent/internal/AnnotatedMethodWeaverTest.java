package dev.resilientio.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weaver alone, with no agent: each fixture class is woven, as the agent would weave it, and
 * loaded anew by a class loader of its own.
 */
class AnnotatedMethodWeaverTest {

    @TempDir
    Path dir;

    @Test
    void retriesTransientFailureOfAdvisedMethodThenReturnsItsResult() throws Exception {
        Path file = Files.writeString(dir.resolve("busy.txt"), "contents");
        FileOperation read = advised(FlakyRead.class);

        String result = read.run(file);

        assertThat(result).isEqualTo("contents after 3 attempts");
    }

    @Test
    void redirectsAdvisedWriteToTempThatReplacesTheTarget() throws Exception {
        Path target = Files.writeString(dir.resolve("data.txt"), "old contents");
        FileOperation write = advised(RedirectedWrite.class);

        String writtenTo = write.run(target);

        assertThat(writtenTo).startsWith(".data.txt.").endsWith(".tmp");
        assertThat(target).hasContent("new contents");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void throwsTheLastFailureOfTheCallWithTheEarlierOnesSuppressed() throws Exception {
        Path missing = dir.resolve("missing.txt");
        FileOperation read = advised(FlakyRead.class);

        assertThatThrownBy(() -> read.run(missing))
                .isInstanceOf(NoSuchFileException.class)
                .satisfies(thrown -> assertThat(thrown.getSuppressed()).hasSize(2).allSatisfy(earlier ->
                        assertThat(earlier).hasMessageStartingWith("Resource temporarily unavailable")));
    }

    @Test
    void wovenPrologueCarriesEveryParameterAndResultShape() throws Exception {
        FileOperation shapes = advised(PrimitiveShapes.class);

        String result = shapes.run(dir.resolve("shapes.txt"));

        // 1+2+3+1+'x'(120)+4+5+6+2 = 144; lengths 3,5; 7 is odd; 6 instance attempts, 2 static ones
        assertThat(result).isEqualTo("144 3,5 true 6 2");
    }

    @Test
    void attemptsAfterAFailedFirstOneGetTheArgumentsTheCallerPassed() throws Exception {
        Path file = Files.writeString(dir.resolve("data.txt"), "contents");
        FileOperation body = advised(ReassigningBody.class);

        String result = body.run(file);

        // reassigns and branches fail once each; permanent's NoSuchFileException is not retried; the
        // thread is marked inside a call only; a call that succeeds at once runs with no engine frame under it.
        assertThat(result).isEqualTo("elsewhere.txt 20 -1.5|total 104|NoSuchFileException|false|false"
                + "|[data.txt/2/1.5, data.txt/2/1.5, permanent]|0");
    }

    @Test
    void classWithoutAnnotatedMethodsIsLeftAsItIs() throws IOException {
        assertThat(AnnotatedMethodWeaver.weave(classFile(FileOperation.class))).isNull();
    }

    private static FileOperation advised(Class<? extends FileOperation> type) throws ReflectiveOperationException,
            IOException {
        byte[] woven = AnnotatedMethodWeaver.weave(classFile(type));
        assertThat(woven).as("woven %s", type.getSimpleName()).isNotNull();
        Class<?> advised = new ClassLoader(type.getClassLoader()) {
            Class<?> define() {
                return defineClass(type.getName(), woven, 0, woven.length);
            }
        }.define();
        // A copy of its own, so the fixture class this test loaded stays as javac made it.
        assertThat(advised.getClassLoader()).isNotSameAs(type.getClassLoader());
        return (FileOperation) advised.getDeclaredConstructor().newInstance();
    }

    static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1)
                + ".class")) {
            return in.readAllBytes();
        }
    }
}
