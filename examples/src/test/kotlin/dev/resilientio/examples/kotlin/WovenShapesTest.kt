package dev.resilientio.examples.kotlin

import dev.resilientio.core.testsupport.Temps
import dev.resilientio.core.weaving.WeavingCheck
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** Every Kotlin shape of the example, woven after kotlinc by ajc, shown to behave as its annotations say. */
class WovenShapesTest {

    @TempDir
    lateinit var dir: Path

    private val oldTasks = listOf(Task("1", "old task", "test"))

    @Test
    fun finalClassSaveThatFailsMidWriteLeavesTheOldFileAndNoTemp() {
        assertThat(Modifier.isFinal(TaskStore::class.java.modifiers)).isTrue()
        val file = dir.resolve("tasks.json")
        val store = TaskStore()
        store.save(file, oldTasks)
        val before = Files.readAllBytes(file)

        assertThatThrownBy { store.save(file, failingAfter(500)) }.hasStackTraceContaining("disk gone")

        assertThat(file).hasBinaryContent(before)
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun finalClassSaveKeepsBackupsAndLeavesNoTemp() {
        val file = dir.resolve("tasks.json")
        val store = TaskStore()

        store.save(file, oldTasks)
        store.save(file, oldTasks + Task("2", "new task", "test"))

        assertThat(store.load(file)).extracting<String> { it.title }.containsExactly("old task", "new task")
        assertThat(TaskJson.parse(Files.readAllBytes(dir.resolve("tasks.json.backup")))).isEqualTo(oldTasks)
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun finalClassAddWaitsForTheLockOfItsFile() {
        val file = dir.resolve("tasks.json")
        TaskStore().save(file, oldTasks)

        LockProbe.waitsForLockOf(file) { TaskStore().add(file, "after the lock", "test") }

        assertThat(TaskStore().load(file)).extracting<String> { it.title }.containsExactly("old task", "after the lock")
    }

    @Test
    fun jvmStaticCompanionFunctionWaitsForTheLockOfItsFile() {
        val file = dir.resolve("tasks.json")
        TaskStore().save(file, oldTasks)

        assertThat(LockProbe.waitsForLockOf(file) { TaskStore.count(file) }).isEqualTo(1)
    }

    @Test
    fun objectExportThatFailsMidWriteLeavesTheOldFile() {
        val csv = dir.resolve("tasks.csv")
        TaskExport.toCsv(csv, oldTasks)
        val before = Files.readAllBytes(csv)

        assertThatThrownBy { TaskExport.toCsv(csv, failingAfter(500), ';') }.hasMessageContaining("disk gone")

        assertThat(csv).hasBinaryContent(before)
        assertThat(Temps.`in`(dir)).isEmpty()
        assertThat(LockProbe.waitsForLockOf(csv) { TaskExport.lines(csv) }).containsExactly("\"1\",\"old task\",\"test\"")
    }

    @Test
    fun topLevelFunctionAppendsThroughATempThatReplacesTheJournal() {
        val journal = Files.writeString(dir.resolve("journal.log"), "first" + System.lineSeparator())
        val inode = Files.getAttribute(journal, "unix:ino")

        LockProbe.waitsForLockOf(journal) { appendToJournal(journal, "second") }

        assertThat(Files.readAllLines(journal)).containsExactly("first", "second")
        assertThat(Files.getAttribute(journal, "unix:ino")).`as`("a new file renamed over the journal").isNotEqualTo(inode)
        assertThat(Temps.`in`(dir)).isEmpty()
    }

    @Test
    fun fieldTargetFileLocksThePropertysFile() {
        val log = ActivityLog(dir.resolve("activity.log"))

        LockProbe.waitsForLockOf(log.file) { log.record("added a task") }

        assertThat(log.file).hasContent("added a task")
    }

    @Test
    fun getterTargetFileLocksTheComputedFile() {
        val settings = UserSettings(dir, "ada")
        Files.writeString(settings.file, "theme=dark")

        assertThat(LockProbe.waitsForLockOf(settings.file) { settings.read() }).containsExactly(entry("theme", "dark"))
    }

    @Test
    fun weavingCheckFindsEveryShapeWoven() {
        val classes = listOf(TaskStore::class.java, TaskStore.Companion::class.java, TaskExport::class.java,
            ActivityLog::class.java, UserSettings::class.java, FlakyTaskShare::class.java,
            Class.forName("dev.resilientio.examples.kotlin.TaskJournalKt"))

        classes.forEach { assertThat(WeavingCheck.unwovenMethods(it)).`as`(it.name).isEmpty() }
    }

    private fun entry(key: String, value: String) = org.assertj.core.api.Assertions.entry(key, value)

    /** A task list whose serialisation fails half-way, as a full disk or a bug would. */
    private fun failingAfter(count: Int): List<Task> = object : AbstractList<Task>() {
        override val size: Int = count * 2
        override fun get(index: Int): Task =
            if (index < count) Task("$index", "task $index with a title long enough to reach the disk", "test")
            else throw IllegalStateException("disk gone at task $index")
    }
}
