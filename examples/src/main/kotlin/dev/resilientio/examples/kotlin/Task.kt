package dev.resilientio.examples.kotlin

import java.io.IOException
import java.nio.file.Path
import java.util.UUID
import tools.jackson.core.exc.JacksonIOException
import tools.jackson.databind.SerializationFeature
import tools.jackson.module.kotlin.jacksonMapperBuilder
import tools.jackson.module.kotlin.readValue

/** One entry of the task list, stored as `{"id", "title", "createdBy"}`; Jackson reads it through its constructor. */
data class Task(val id: String, val title: String, val createdBy: String) {

    companion object {
        /** A task with a fresh random id. */
        fun create(title: String, createdBy: String): Task = Task(UUID.randomUUID().toString(), title, createdBy)
    }
}

/** The JSON form of a task list (an array of tasks), through jackson-module-kotlin. Thread-safe. */
object TaskJson {

    private val mapper = jacksonMapperBuilder().enable(SerializationFeature.INDENT_OUTPUT).build()

    /** Parses a task list; throws Jackson's exception when the bytes are not a whole list, such as a half-written file. */
    fun parse(bytes: ByteArray): List<Task> = mapper.readValue<List<Task>>(bytes)

    /** Streams a task list into [file], truncating it first, as most code writes JSON. */
    @Throws(IOException::class)
    fun write(file: Path, tasks: List<Task>) {
        try {
            mapper.writeValue(file, tasks)
        } catch (e: JacksonIOException) {
            // Jackson 3 wraps IO errors in an unchecked exception; callers get the IOException, as from Files.write.
            throw e.cause ?: e
        }
    }
}
