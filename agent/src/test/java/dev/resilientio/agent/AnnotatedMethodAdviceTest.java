package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.testsupport.Temps;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice alone, with no agent: each fixture class is redefined with the advice, as the agent
 * would, and loaded anew by a class loader of its own.
 */
class AnnotatedMethodAdviceTest {

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

    private static FileOperation advised(Class<? extends FileOperation> type) throws ReflectiveOperationException {
        Class<? extends FileOperation> advised = new ByteBuddy()
                .redefine(type)
                .visit(Advice.to(AnnotatedMethodAdvice.class).on(ResilientIoAgent.ANNOTATED_METHOD))
                .make()
                .load(type.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
                .getLoaded();
        // A copy of its own, so the fixture class this test loaded stays as javac made it.
        assertThat(advised.getClassLoader()).isNotSameAs(type.getClassLoader());
        return advised.getDeclaredConstructor().newInstance();
    }
}
