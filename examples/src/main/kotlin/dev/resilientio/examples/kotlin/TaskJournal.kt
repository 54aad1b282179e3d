package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.AtomicWrite
import dev.resilientio.annotations.FileLocked
import dev.resilientio.annotations.RetryFileOperation
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption.APPEND

/**
 * Appends one line to a journal file: a top-level function, so a static method of the final
 * facade class `TaskJournalKt`. The temp starts as a copy of the journal, so a crash mid-append
 * leaves the journal as it was.
 */
@RetryFileOperation
@FileLocked(timeout = "2s")
@AtomicWrite(copyExisting = true)
fun appendToJournal(journal: Path, line: String) {
    Files.writeString(journal, line + System.lineSeparator(), APPEND)
}
