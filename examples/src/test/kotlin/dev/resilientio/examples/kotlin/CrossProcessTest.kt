package dev.resilientio.examples.kotlin

import dev.resilientio.core.testsupport.Temps
import java.nio.file.Files
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The Kotlin store in real child JVMs (this test's class path, so woven by ajc): no lost task, no torn file. */
class CrossProcessTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun threeProcessesAddingAtOnceLoseNoTask() {
        val file = dir.resolve("tasks.json")

        val result = KotlinTaskApp.stress(file, processes = 3, tasksEach = 10)

        assertThat(result.present).isEqualTo(30).isEqualTo(result.expected)
        val tasks = TaskJson.parse(Files.readAllBytes(file))
        assertThat(tasks).extracting<String> { it.id }.doesNotHaveDuplicates()
        assertThat(tasks.map { it.title }.toSet()).hasSize(30)
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun killingTheWriterMidSaveNeverLeavesAHalfWrittenFileNorATemp() {
        // Each kill lands mid-save about 4 times in 5; with 5 rounds, at least one does all but 1 in 3000 runs.
        val result = KotlinTaskApp.crash(dir, rounds = 5)

        assertThat(result.midSave).`as`("kills that hit a save in progress (else nothing was proved)").isPositive()
        assertThat(result.whole).`as`("kills after which tasks.json held one whole revision").isEqualTo(5)
        assertThat(result.tempsRemaining).isZero()
        assertThat(TaskJson.parse(Files.readAllBytes(dir.resolve("tasks.json")))).hasSize(KotlinTaskApp.CRASH_TASKS)
    }
}
