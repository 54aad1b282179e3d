package com.example

import dev.resilientio.kotlin.atomicWrite
import dev.resilientio.kotlin.retryFileOperation
import java.nio.file.Files
import java.nio.file.Path
import tools.jackson.databind.json.JsonMapper

/** The tasks that the coroutine snippet of docs/kotlin.md saves. */
data class TaskList(val titles: List<String>)

/** docs/kotlin.md's suspend `save` and `load`, as written there, with the `mapper` they use. */
class SuspendingTaskStore(private val mapper: JsonMapper) {
// scripts/check-snippets.sh puts the snippet kotlin-suspend-save here

// scripts/check-snippets.sh puts the snippet kotlin-suspend-breaker here
}
