package com.example

import dev.resilientio.annotations.RecoverFromBackup
import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.core.breaker.BreakerRegistry
import dev.resilientio.core.weaving.WeavingCheck
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking
import tools.jackson.databind.json.JsonMapper

// The main of the Kotlin snippet project of scripts/check-snippets.sh: runs the Kotlin TaskStore of
// docs/getting-started.md, a flaky read, a read of a torn file recovered from its backup and docs/kotlin.md's
// suspend save, and exits with status 1 and the reason
// when an annotation or a coroutine helper did not do its work.

/** A read that meets a transient error twice, as a busy share would give. */
class Flaky {
    var attempts = 0

    @RetryFileOperation(maxAttempts = 3, initialDelay = "1ms")
    fun read(file: Path): String {
        if (++attempts < 3) throw IOException("Resource busy")
        return Files.readString(file)
    }
}

/** A reader whose own check of the content makes a torn file corrupt, so that it is read from its backup. */
class CheckedReader {
    @RecoverFromBackup(on = [IllegalStateException::class])
    fun load(file: Path): String {
        val tasks = Files.readString(file)
        if (!tasks.startsWith("[") || !tasks.endsWith("]")) throw IllegalStateException("$file is not a JSON array: $tasks")
        return tasks
    }
}

private fun check(ok: Boolean, failure: () -> String) {
    if (!ok) {
        System.err.println("snippet app FAILED: ${failure()}")
        exitProcess(1)
    }
}

fun main() {
    WeavingCheck.verify(TaskStore::class.java, Flaky::class.java, CheckedReader::class.java)
    val dir = Files.createTempDirectory("resilient-io-snippet")
    val file = dir.resolve("tasks.json")
    val store = TaskStore()
    store.save(file, "[\"first\"]")
    store.save(file, "[\"second\"]")
    check(Files.readString(file) == "[\"second\"]") { "the file after two saves holds ${Files.readString(file)}" }
    val backup = dir.resolve("tasks.json.backup")
    check(Files.isRegularFile(backup) && Files.readString(backup) == "[\"first\"]") {
        "@AtomicWrite(backups = 2) kept no backup of the first save in $backup"
    }
    val flaky = Flaky()
    check(flaky.read(file) == "[\"second\"]" && flaky.attempts == 3) {
        "@RetryFileOperation(maxAttempts = 3) ran the flaky read ${flaky.attempts} times, not 3"
    }
    val torn = dir.resolve("torn.json")
    store.save(torn, "[\"first\"]")
    store.save(torn, "[\"second\"]")
    Files.writeString(torn, "[\"sec")
    val recovered = CheckedReader().load(torn)
    check(recovered == "[\"first\"]") { "@RecoverFromBackup read $recovered from a torn file, not its backup's [\"first\"]" }
    val json = dir.resolve("suspending-tasks.json")
    runBlocking { SuspendingTaskStore(JsonMapper.builder().build()).save(json, TaskList(listOf("write the docs"))) }
    runBlocking { SuspendingTaskStore(JsonMapper.builder().build()).save(json, TaskList(listOf("run them"))) }
    check(Files.readString(json).contains("run them") &&
        Files.readString(dir.resolve("suspending-tasks.json.backup")).contains("write the docs")) {
        "the suspend save of docs/kotlin.md left ${Files.readString(json)} and no backup of its first save"
    }
    val loaded = runBlocking { SuspendingTaskStore(JsonMapper.builder().build()).load(json) }
    check(loaded.contains("run them") && BreakerRegistry.shared().find("tasks-share")?.state() == "CLOSED") {
        "the suspend load of docs/kotlin.md read $loaded, through breaker ${BreakerRegistry.shared().find("tasks-share")}"
    }
    println("snippet app OK: Kotlin TaskStore and Flaky woven after kotlinc (WeavingCheck.verify), two atomic saves " +
        "left a backup, a read that failed twice was retried and returned on attempt ${flaky.attempts}, " +
        "a torn file was read from its backup by a Kotlin @RecoverFromBackup function, " +
        "the suspend save of docs/kotlin.md replaced its file and kept a backup, its load passed the breaker tasks-share")
}
