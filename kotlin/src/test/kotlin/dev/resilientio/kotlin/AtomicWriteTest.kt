package dev.resilientio.kotlin

import dev.resilientio.core.testsupport.Temps
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlinx.coroutines.test.runTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** `atomicWrite` on real files: the target is replaced only by a write that completes. */
class AtomicWriteTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun replacesTheFileWithWhatTheCallbackWroteAndLeavesNoTemp() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        var written: Path? = null

        atomicWrite(file) { temp ->
            written = temp
            Files.writeString(temp, "new")
        }

        assertThat(written).`as`("the path the callback got").isNotEqualTo(file)
        assertThat(written!!.parent).isEqualTo(file.parent)
        assertThat(file).hasContent("new")
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun failingCallbackLeavesTheOldFileAndNoTemp() = runTest {
        val file = Files.writeString(dir.resolve("tasks.json"), "old")
        val failure = IOException("No space left on device")

        val thrown = runCatching {
            atomicWrite(file) { temp ->
                Files.writeString(temp, "half of the new")
                throw failure
            }
        }.exceptionOrNull()

        assertThat(thrown).isSameAs(failure)
        assertThat(file).hasContent("old")
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun argumentsChooseBackupsAndACopyOfTheCurrentContent() = runTest {
        val file = Files.writeString(dir.resolve("log.txt"), "one\n")

        atomicWrite(file, backups = 1, copyExisting = true) { temp ->
            Files.writeString(temp, "two\n", StandardOpenOption.APPEND)
        }

        assertThat(file).hasContent("one\ntwo\n")
        assertThat(dir.resolve("log.txt.backup")).hasContent("one\n")
    }
}
