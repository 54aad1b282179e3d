package dev.resilientio.kotlin

import dev.resilientio.core.ResilientFiles
import dev.resilientio.json.ResilientJson
import java.nio.file.Path
import java.util.function.UnaryOperator
import kotlin.reflect.KClass
import tools.jackson.databind.json.JsonMapper

/**
 * [ResilientFiles] and [ResilientJson] for coroutines: each call runs the same engine call on
 * `Dispatchers.IO`, with the same locks, retries, atomic writes, backups, configuration (operation
 * names `ResilientFiles.readText`, `ResilientJson.readJson` and so on) and exceptions. Thread-safe.
 *
 * Cancellation interrupts the call; a cancelled write leaves the old file (or, cancelled during its
 * final rename and sync, the new one), never a mix. Inside [retryFileOperation], the call's own retries run once and the enclosing
 * operation owns the attempts.
 */
public object SuspendingFiles {

    /**
     * Returns the JSON helpers for your own mapper, such as one with jackson-module-kotlin registered.
     *
     * @param mapper the mapper
     * @return the helpers; create once and reuse
     */
    public fun json(mapper: JsonMapper): SuspendingJson = SuspendingJson(mapper)

    /**
     * Reads a UTF-8 text file under a shared lock, with retry.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     */
    public suspend fun readText(file: Path): String = blockingIo { ResilientFiles.readText(file) }

    /** Reads a UTF-8 text file under a shared lock, with retry, or returns [defaultValue] when it does not exist. */
    public suspend fun readText(file: Path, defaultValue: String): String =
        blockingIo { ResilientFiles.readText(file, defaultValue) }

    /** Writes UTF-8 text atomically and durably under an exclusive lock, with retry and the configured backups. */
    public suspend fun writeText(file: Path, text: String): Unit = blockingIo { ResilientFiles.writeText(file, text) }

    /**
     * Reads a JSON file with an indenting default mapper under a shared lock, with retry and
     * recovery from backups.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws dev.resilientio.core.FileCorruptionException when the file and all its backups are invalid
     */
    public suspend fun <T : Any> readJson(file: Path, type: KClass<T>): T =
        blockingIo { ResilientJson.readJson(file, type.java) }

    /** Reads a JSON file like [readJson], or returns [defaultValue] when it does not exist. */
    public suspend fun <T : Any> readJson(file: Path, type: KClass<T>, defaultValue: T): T =
        blockingIo { ResilientJson.readJson(file, type.java, defaultValue) }

    /** Writes [value] as JSON atomically and durably under an exclusive lock, with retry and the configured backups. */
    public suspend fun writeJson(file: Path, value: Any): Unit = blockingIo { ResilientJson.writeJson(file, value) }

    /**
     * Reads, changes and writes a JSON file under ONE exclusive lock, so that concurrent updates
     * from coroutines, threads and processes are never lost.
     *
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one; it runs under the lock, and again on a retry
     * @return the new value, as written
     */
    public suspend fun <T : Any> updateJson(file: Path, type: KClass<T>, initial: T, change: (T) -> T): T =
        blockingIo { ResilientJson.updateJson(file, type.java, initial, UnaryOperator { change(it) }) }
}
