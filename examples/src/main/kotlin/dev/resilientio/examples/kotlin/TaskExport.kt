package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.AtomicWrite
import dev.resilientio.annotations.FileLocked
import dev.resilientio.annotations.LockMode
import dev.resilientio.annotations.RetryFileOperation
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path

/** Exports task lists as CSV: an `object`, whose functions are woven like any other. */
object TaskExport {

    /**
     * Writes [tasks] as CSV lines to a temp file that replaces [file] when done. `@JvmOverloads`
     * gives Java an overload without [separator], which carries the same annotations.
     */
    @JvmOverloads
    @RetryFileOperation
    @FileLocked(timeout = "2s")
    @AtomicWrite
    @Throws(IOException::class)
    fun toCsv(file: Path, tasks: List<Task>, separator: Char = ',') {
        Files.newBufferedWriter(file).use { out ->
            for (task in tasks) {
                out.write(listOf(task.id, task.title, task.createdBy).joinToString(separator.toString()) { quoted(it) })
                out.newLine()
            }
        }
    }

    /** Reads the CSV lines back under a shared lock. */
    @RetryFileOperation
    @FileLocked(mode = LockMode.SHARED, timeout = "2s")
    @Throws(IOException::class)
    fun lines(file: Path): List<String> = Files.readAllLines(file)

    private fun quoted(value: String): String = "\"" + value.replace("\"", "\"\"") + "\""
}
