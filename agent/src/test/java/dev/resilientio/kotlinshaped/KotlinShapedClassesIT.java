package dev.resilientio.kotlinshaped;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.testsupport.Temps;
import dev.resilientio.core.weaving.WeavingCheck;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import kotlin.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes with the shape kotlinc gives them (final, top-level functions as static final methods of
 * a {@code ...Kt} facade), run in this JVM under the shaded agent jar: the annotations work on
 * them with no all-open plugin.
 */
class KotlinShapedClassesIT {

    @TempDir
    Path dir;

    @Test
    void retriesTopLevelFunctionOfFinalFileFacade() throws Exception {
        Method appendLine = JournalFileKt.class.getMethod("appendLine", Path.class, String.class);
        assertThat(JournalFileKt.class.getAnnotation(Metadata.class).k()).as("file facade").isEqualTo(2);
        assertThat(Modifier.isFinal(JournalFileKt.class.getModifiers())).isTrue();
        assertThat(appendLine.getModifiers() & (Modifier.STATIC | Modifier.FINAL))
                .isEqualTo(Modifier.STATIC | Modifier.FINAL);
        Path journal = dir.resolve("journal.txt");
        JournalFileKt.appendAttempts = 0;
        JournalFileKt.busyAppendsLeft = 2;

        int attempts = JournalFileKt.appendLine(journal, "first entry");

        assertThat(attempts).isEqualTo(3);
        assertThat(journal).hasContent("first entry");
        assertThat(dir.resolve("journal.txt.lock")).as("the @FileLocked sidecar").exists();
    }

    @Test
    void atomicallyWritesThroughFinalMethodOfFinalClass() throws Exception {
        assertThat(SettingsFile.class.getAnnotation(Metadata.class).k()).as("class").isEqualTo(1);
        assertThat(Modifier.isFinal(SettingsFile.class.getModifiers())).isTrue();
        assertThat(Modifier.isFinal(SettingsFile.class.getMethod("save", Path.class, String.class).getModifiers()))
                .isTrue();
        Path settings = Files.writeString(dir.resolve("settings.conf"), "old");

        String handedFile = new SettingsFile().save(settings, "new");

        assertThat(handedFile).startsWith(".settings.conf.").endsWith(".tmp");
        assertThat(settings).hasContent("new");
        assertThat(Temps.in(dir)).isEmpty();
    }

    @Test
    void weavingCheckFindsKotlinShapedClassesInstrumented() {
        WeavingCheck.verify(JournalFileKt.class, SettingsFile.class);

        assertThat(WeavingCheck.unwovenMethods(JournalFileKt.class)).isEmpty();
        assertThat(WeavingCheck.unwovenMethods(SettingsFile.class)).isEmpty();
    }
}
