package dev.resilientio.kotlinshaped;

import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import kotlin.Metadata;
import kotlin.jvm.internal.Intrinsics;
import org.jetbrains.annotations.NotNull;

/**
 * The class kotlinc makes of the top-level functions in {@code JournalFile.kt}: a final file facade
 * ({@code @Metadata} kind 2) of static final methods that check their parameters for null first.
 */
@Metadata(k = 2, mv = {2, 1, 0}, xi = 48)
public final class JournalFileKt {

    /** Appends that meet a busy file before they get through; a top-level {@code var} in Kotlin. */
    static int busyAppendsLeft;
    static int appendAttempts;

    private JournalFileKt() {
    }

    /**
     * {@code fun appendLine(file: Path, line: String): Int}: appends a line, failing while the file is busy.
     *
     * @param file the journal
     * @param line the line to append
     * @return the attempts it took
     * @throws IOException when the file is busy or cannot be written
     */
    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms", maxDelay = "1ms")
    @FileLocked
    public static final int appendLine(@NotNull Path file, @NotNull String line) throws IOException {
        Intrinsics.checkNotNullParameter(file, "file");
        Intrinsics.checkNotNullParameter(line, "line");
        appendAttempts++;
        if (busyAppendsLeft > 0) {
            busyAppendsLeft--;
            throw new IOException("Resource temporarily unavailable");
        }
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return appendAttempts;
    }
}
