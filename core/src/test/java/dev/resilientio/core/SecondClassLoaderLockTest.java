package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.annotations.LockMode;
import dev.resilientio.core.lock.FileLockHandle;
import dev.resilientio.core.lock.FileLocks;
import dev.resilientio.core.testsupport.ChildJvm;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two copies of the library in one JVM (two class loaders, as in an application server) have two
 * lock registries; the JDK then reports the other copy's OS lock as an
 * {@code OverlappingFileLockException}, which must mean "held in this JVM, keep waiting", never success.
 */
class SecondClassLoaderLockTest {

    @TempDir
    Path temp;

    @Test
    void lockHeldThroughAnotherClassLoaderIsWaitedForThenGranted() throws Exception {
        Path target = Files.writeString(temp.resolve("shared.json"), "{}");
        try (URLClassLoader otherCopy = isolatedCopyOfTheLibrary()) {
            Class<?> otherLocks = otherCopy.loadClass(FileLocks.class.getName());
            assertThat(otherLocks).isNotSameAs(FileLocks.class);
            AutoCloseable otherHandle = acquireThrough(otherCopy, otherLocks, target);

            assertThatThrownBy(() -> FileLocks.acquire(target, LockMode.EXCLUSIVE, Duration.ofMillis(300)))
                    .isInstanceOf(FileLockTimeoutException.class)
                    .hasMessageContaining("another class loader of this JVM");

            otherHandle.close();
            try (FileLockHandle mine = FileLocks.acquire(target, LockMode.EXCLUSIVE, Duration.ofSeconds(5))) {
                assertThat(mine.mode()).isEqualTo(LockMode.EXCLUSIVE);
            }
        }
    }

    private static AutoCloseable acquireThrough(ClassLoader loader, Class<?> locks, Path target) throws Exception {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object exclusive = Enum.valueOf((Class) loader.loadClass(LockMode.class.getName()), "EXCLUSIVE");
        Method acquire = locks.getMethod("acquire", Path.class, exclusive.getClass(), Duration.class);
        return (AutoCloseable) acquire.invoke(null, target, exclusive, Duration.ofSeconds(5));
    }

    /** The whole test class path again, with no parent but the platform loader: a second copy of every class. */
    private static URLClassLoader isolatedCopyOfTheLibrary() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }
}
