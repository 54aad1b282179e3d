package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.FileLocked
import dev.resilientio.annotations.LockMode
import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.annotations.TargetFile
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption.APPEND
import java.nio.file.StandardOpenOption.CREATE

/** A log of who did what to the tasks, bound to one file: the target is the property's field (`@field:TargetFile`). */
class ActivityLog(@field:TargetFile val file: Path) {

    /** Appends one event under the file's exclusive lock. */
    @RetryFileOperation
    @FileLocked(timeout = "2s")
    fun record(event: String) {
        Files.writeString(file, event + System.lineSeparator(), CREATE, APPEND)
    }
}

/** Per-user settings in a directory: the target is a computed property's getter (`@get:TargetFile`). */
class UserSettings(private val dir: Path, private val user: String) {

    /** The settings file of this user. */
    @get:TargetFile
    val file: Path
        get() = dir.resolve("$user.properties")

    /** Reads the settings as `key=value` lines under a shared lock; none when the file does not exist. */
    @RetryFileOperation
    @FileLocked(mode = LockMode.SHARED, timeout = "2s")
    fun read(): Map<String, String> =
        if (!Files.exists(file)) {
            emptyMap()
        } else {
            Files.readAllLines(file).filter { '=' in it }.associate { it.substringBefore('=') to it.substringAfter('=') }
        }
}
