package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.AtomicWrite
import dev.resilientio.annotations.FileLocked
import dev.resilientio.annotations.LockMode
import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.core.atomic.RecoveringReader
import java.io.IOException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path

/**
 * The task store in Kotlin: a final class (no all-open plugin) whose functions are woven like the
 * Java example's, after kotlinc, by ajc. Thread-safe and safe across processes.
 */
class TaskStore {

    /** Reads under a shared lock; a corrupt file falls back to the newest backup that parses. */
    @RetryFileOperation
    @FileLocked(mode = LockMode.SHARED)
    @Throws(IOException::class)
    fun load(file: Path): List<Task> =
        try {
            RecoveringReader.read(file, TaskJson::parse)
        } catch (_: NoSuchFileException) {
            emptyList()
        }

    /** Writes to a temp file that replaces [file] only when this function returns; keeps two backups. */
    @RetryFileOperation
    @FileLocked
    @AtomicWrite(backups = 2)
    @Throws(IOException::class)
    fun save(file: Path, tasks: List<Task>) = TaskJson.write(file, tasks)

    /** Reads, appends and saves under one exclusive lock, so no other process can save in between. */
    @RetryFileOperation
    @FileLocked
    @Throws(IOException::class)
    fun add(file: Path, title: String, createdBy: String): Task {
        val task = Task.create(title, createdBy)
        save(file, load(file) + task)
        return task
    }

    companion object {
        /** Counts the tasks of [file] under a shared lock; `TaskStore.count(file)` from Java too. */
        @JvmStatic
        @RetryFileOperation
        @FileLocked(mode = LockMode.SHARED, timeout = "2s")
        @Throws(IOException::class)
        fun count(file: Path): Int = if (Files.exists(file)) TaskJson.parse(Files.readAllBytes(file)).size else 0
    }
}
