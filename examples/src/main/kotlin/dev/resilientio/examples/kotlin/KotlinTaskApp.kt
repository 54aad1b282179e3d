package dev.resilientio.examples.kotlin

import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.weaving.WeavingCheck
import dev.resilientio.examples.JvmProcess
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import kotlin.io.path.listDirectoryEntries
import kotlin.random.Random
import kotlin.system.exitProcess

/**
 * The Kotlin task store's command line, and the child processes of its two demos:
 * ```
 * add FILE TITLE...           add a task
 * list FILE                   list the tasks
 * stress FILE PROCESSES TASKS PROCESSES JVMs each add TASKS tasks to FILE at once; exit 0 when none is lost
 * crash DIR ROUNDS            kill -9 a JVM mid-save ROUNDS times; exit 0 when DIR/tasks.json stays whole
 * ```
 */
object KotlinTaskApp {

    /** Large enough that a save takes a while (about 2 MB), so that kills land mid-save. */
    const val CRASH_TASKS: Int = 20_000
    private const val REVISION = "crash writer, revision "
    private val startTimeout = Duration.ofSeconds(60)
    private val runTimeout = Duration.ofSeconds(120)
    private val store = TaskStore()

    /** Runs one command and exits with 0 when it did what it says, 1 when not, 2 for a bad command line. */
    @JvmStatic
    fun main(args: Array<String>) {
        try {
            // A build whose annotations are not woven must fail here, not look as if it worked.
            WeavingCheck.verify(TaskStore::class.java, TaskStore.Companion::class.java, TaskExport::class.java,
                ActivityLog::class.java, UserSettings::class.java, FlakyTaskShare::class.java,
                Class.forName("dev.resilientio.examples.kotlin.TaskJournalKt"))
        } catch (e: IllegalStateException) {
            System.err.println(e.message)
            exitProcess(1)
        } catch (e: ResilientIoConfigException) {
            System.err.println(e.message)
            exitProcess(1)
        }
        val ok = when {
            args.size >= 3 && args[0] == "add" -> add(Path.of(args[1]), args.drop(2).joinToString(" "))
            args.size == 2 && args[0] == "list" -> list(Path.of(args[1]))
            args.size == 4 && args[0] == "stress" -> stress(Path.of(args[1]), args[2].toInt(), args[3].toInt()).let {
                println("kotlin task store: ${it.present} of ${it.expected} tasks present")
                it.present == it.expected
            }
            args.size == 3 && args[0] == "crash" -> crash(Path.of(args[1]), args[2].toInt()).let {
                println("kotlin task store: tasks.json whole after ${it.whole} of ${it.rounds} kills (${it.midSave} mid-save);"
                    + " temps remaining: ${it.tempsRemaining}")
                it.whole == it.rounds && it.tempsRemaining == 0
            }
            args.size == 4 && args[0] == "worker" -> worker(Path.of(args[1]), args[2].toInt(), args[3].toInt())
            args.size == 2 && args[0] == "rewrite" -> rewrite(Path.of(args[1]))
            else -> {
                System.err.println("usage: KotlinTaskApp add FILE TITLE... | list FILE | stress FILE PROCESSES TASKS | crash DIR ROUNDS")
                exitProcess(2)
            }
        }
        exitProcess(if (ok) 0 else 1)
    }

    /** What a stress run found: of the [expected] tasks that the processes added, [present] are in the file. */
    data class StressResult(val expected: Int, val present: Int)

    /** After how many of the [rounds] kills the file held one whole revision, how many hit a save, temps left at the end. */
    data class CrashResult(val rounds: Int, val whole: Int, val midSave: Int, val tempsRemaining: Int)

    /** Starts [processes] JVMs that each add [tasksEach] tasks to [file] at once, and counts those in the file. */
    fun stress(file: Path, processes: Int, tasksEach: Int): StressResult {
        val before = TaskStore.count(file)
        val workers = (1..processes).map { JvmProcess.start(KotlinTaskApp::class.java, "worker", "$file", "$it", "$tasksEach") }
        try {
            workers.forEach { it.awaitLine("READY", startTimeout) }
            workers.forEach { it.send("GO") }
            workers.forEach { it.awaitLine("DONE", runTimeout) }
            workers.forEach { check(it.awaitExit(runTimeout) == 0) { "worker pid ${it.pid()} failed; its log above tells why" } }
        } finally {
            workers.forEach(JvmProcess::close)
        }
        // Read plainly, as any other program would: the verdict must not rely on the store's recovery.
        return StressResult(processes * tasksEach, TaskJson.parse(Files.readAllBytes(file)).size - before)
    }

    /** Kills a JVM that rewrites [dir]/tasks.json in a loop, [rounds] times, and reads the file after each kill. */
    fun crash(dir: Path, rounds: Int): CrashResult {
        val file = dir.resolve("tasks.json")
        var whole = 0
        var midSave = 0
        repeat(rounds) {
            JvmProcess.start(KotlinTaskApp::class.java, "rewrite", "$file").use { writer ->
                writer.awaitLine("WRITING", startTimeout)
                Thread.sleep(Random.nextLong(300))
                writer.kill()
            }
            if (temps(file).isNotEmpty()) midSave++
            val tasks = runCatching { TaskJson.parse(Files.readAllBytes(file)) }.getOrDefault(emptyList())
            if (tasks.size == CRASH_TASKS && tasks.map { it.createdBy }.distinct().size == 1) whole++
        }
        // The next save removes the temps that the killed ones left behind.
        store.save(file, store.load(file))
        return CrashResult(rounds, whole, midSave, temps(file).size)
    }

    /** The temps that saves of [file] create beside it: `.tasks.json.<token>.tmp`. */
    fun temps(file: Path): List<Path> = file.parent.listDirectoryEntries(".${file.fileName}.*.tmp")

    private fun add(file: Path, title: String): Boolean {
        val task = store.add(file, title, whoAmI())
        println("added \"${task.title}\" (id ${task.id.take(8)}) to $file")
        return true
    }

    private fun list(file: Path): Boolean {
        store.load(file).forEachIndexed { i, task -> println("${i + 1}. ${task.title}  [by ${task.createdBy}]") }
        return true
    }

    private fun worker(file: Path, worker: Int, tasks: Int): Boolean {
        store.load(file) // loads the classes of a read before the start, so that the processes really overlap
        println("READY")
        if (readlnOrNull() != "GO") return false
        repeat(tasks) { store.add(file, "worker $worker, task ${it + 1}", whoAmI()) }
        println("DONE")
        return true
    }

    private fun rewrite(file: Path): Boolean {
        exitWhenParentIsGone()
        var revision = 1L
        while (true) {
            store.save(file, List(CRASH_TASKS) { Task("task-$it", "task $it of $CRASH_TASKS", REVISION + revision) })
            if (revision++ == 1L) println("WRITING")
        }
    }

    /** A killed parent must not leave a writer looping for ever: stdin closes when it dies. */
    private fun exitWhenParentIsGone() {
        Thread({
            runCatching {
                while (System.`in`.read() != -1) {
                    // Nothing is ever sent; the read only waits for the end.
                }
            }
            Runtime.getRuntime().halt(3)
        }, "parent watcher").apply { isDaemon = true }.start()
    }

    private fun whoAmI() = "${System.getProperty("user.name")} (pid ${ProcessHandle.current().pid()})"
}
