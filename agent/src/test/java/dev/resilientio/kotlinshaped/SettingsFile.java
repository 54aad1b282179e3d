package dev.resilientio.kotlinshaped;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kotlin.Metadata;
import kotlin.jvm.internal.Intrinsics;
import org.jetbrains.annotations.NotNull;

/**
 * The class kotlinc makes of {@code class SettingsFile}: final ({@code @Metadata} kind 1), with
 * final methods, which proxy-based interception cannot reach and the agent must.
 */
@Metadata(k = 1, mv = {2, 1, 0}, xi = 48)
public final class SettingsFile {

    /** {@code SettingsFile()}. */
    public SettingsFile() {
    }

    /**
     * {@code fun save(file: Path, text: String): String}: writes the settings.
     *
     * @param file the settings file
     * @param text what it holds
     * @return the name of the file it was handed
     * @throws IOException when the file cannot be written
     */
    @FileLocked
    @AtomicWrite
    public final String save(@NotNull Path file, @NotNull String text) throws IOException {
        Intrinsics.checkNotNullParameter(file, "file");
        Intrinsics.checkNotNullParameter(text, "text");
        Files.writeString(file, text);
        return file.getFileName().toString();
    }
}
