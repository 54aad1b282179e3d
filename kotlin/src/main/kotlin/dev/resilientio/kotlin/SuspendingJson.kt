package dev.resilientio.kotlin

import dev.resilientio.json.JsonFiles
import dev.resilientio.json.ResilientJson
import java.nio.file.Path
import java.util.function.UnaryOperator
import kotlin.reflect.KClass
import tools.jackson.databind.json.JsonMapper

/**
 * [JsonFiles] for coroutines: JSON files read and written with your own [JsonMapper] (such as
 * one with jackson-module-kotlin registered, for data classes) on the engine, each call on
 * `Dispatchers.IO`, as [SuspendingFiles] describes. Thread-safe; create one per mapper and reuse it.
 *
 * @param mapper the mapper
 */
public class SuspendingJson(mapper: JsonMapper) {

    private val json: JsonFiles = ResilientJson.with(mapper)

    /**
     * Reads a JSON file under a shared lock, with retry and recovery from backups.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws dev.resilientio.core.FileCorruptionException when the file and all its backups are invalid
     */
    public suspend fun <T : Any> readJson(file: Path, type: KClass<T>): T = blockingIo { json.readJson(file, type.java) }

    /** Reads a JSON file like [readJson], or returns [defaultValue] when it does not exist. */
    public suspend fun <T : Any> readJson(file: Path, type: KClass<T>, defaultValue: T): T =
        blockingIo { json.readJson(file, type.java, defaultValue) }

    /** Writes [value] as JSON atomically and durably under an exclusive lock, with retry and the configured backups. */
    public suspend fun writeJson(file: Path, value: Any): Unit = blockingIo { json.writeJson(file, value) }

    /**
     * Reads, changes and writes a JSON file under ONE exclusive lock, so that concurrent updates
     * are never lost.
     *
     * @param initial the value to change when the file does not exist
     * @param change computes the new value from the current one; it runs under the lock, and again on a retry
     * @return the new value, as written
     */
    public suspend fun <T : Any> updateJson(file: Path, type: KClass<T>, initial: T, change: (T) -> T): T =
        blockingIo { json.updateJson(file, type.java, initial, UnaryOperator { change(it) }) }
}
