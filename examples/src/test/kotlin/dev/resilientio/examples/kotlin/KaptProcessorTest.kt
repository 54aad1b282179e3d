package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.AtomicWrite
import dev.resilientio.core.ResilientFiles
import dev.resilientio.core.testsupport.ChildJvm
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.io.path.listDirectoryEntries
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The annotation processor under kapt, as the build runs it: kotlinc (K2JVMCompiler) in a child JVM
 * with kotlin-maven-plugin's kapt plugin and resilient-io-processor on the processor path.
 */
class KaptProcessorTest {

    @TempDir
    lateinit var dir: Path

    @Test
    fun misusedAnnotationsFailTheKaptBuildAtTheirKotlinLines() {
        val source = source("Reports.kt", """
            package demo

            import dev.resilientio.annotations.AtomicWrite
            import dev.resilientio.annotations.RetryFileOperation
            import java.nio.file.Path

            class Reports {
                @AtomicWrite
                fun save(text: String) = Unit

                @RetryFileOperation
                suspend fun load(file: Path): String = file.toString()
            }
        """)

        val (exitCode, output) = kapt(source)

        assertThat(exitCode).`as`(output).isNotZero()
        // mapDiagnosticLocations: each error at the line of its function in the .kt file, not in kapt's Java stub.
        assertThat(output).contains("Reports.kt:9: error: @AtomicWrite on demo.Reports.save(String) has nothing to redirect")
            .contains("Reports.kt:12: error: demo.Reports.load(Path) is a Kotlin suspend function")
            .contains("retryFileOperation, withFileLock or atomicWrite")
    }

    @Test
    fun everyMisuseRuleFailsTheKaptBuildWithItsMessageAtItsLine() {
        // One misuse per line, annotation and function on the same line, so each error's line is known.
        val misuses = listOf(
            "@FileLocked fun noTarget(text: String) = Unit" to "has no target file",
            "@FileLocked fun twoFiles(from: Path, to: File) = Unit" to "has 2 Path/File parameters",
            "@FileLocked fun twoMarked(@TargetFile a: Path, @TargetFile b: Path) = Unit" to "marks parameters 1 and 2",
            "@FileLocked fun wrongType(@TargetFile file: StringBuilder) = Unit" to "has type java.lang.StringBuilder",
            "@AtomicWrite fun nothingToRedirect(text: String) = Unit" to "has nothing to redirect",
            "@RetryFileOperation(maxAttempts = 0) fun zeroAttempts(file: Path) = Unit" to "@RetryFileOperation(maxAttempts)",
            "@RetryFileOperation(multiplier = 0.5) fun shrinking(file: Path) = Unit" to "@RetryFileOperation(multiplier)",
            "@RetryFileOperation(jitter = 1.5) fun tooMuchJitter(file: Path) = Unit" to "@RetryFileOperation(jitter)",
            "@AtomicWrite(backups = 101) fun tooManyBackups(file: Path) = Unit" to "@AtomicWrite(backups)",
            "@RetryFileOperation(initialDelay = \"100\") fun noUnit(file: Path) = Unit" to "@RetryFileOperation(initialDelay)",
            "@FileLocked(timeout = \"soon\") fun notADuration(file: Path) = Unit" to "@FileLocked(timeout)",
            "@RetryFileOperation(initialDelay = \"2s\", maxDelay = \"1s\") fun shorterMax(file: Path) = Unit"
                to "@RetryFileOperation(maxDelay)",
            "@RetryFileOperation(retryOn = [IOException::class], abortOn = [IOException::class]) fun both(file: Path) = Unit"
                to "in both retryOn and abortOn",
            "@RetryFileOperation suspend fun suspending(file: Path) = Unit" to "is a Kotlin suspend function",
        )
        val header = """
            package demo

            import dev.resilientio.annotations.AtomicWrite
            import dev.resilientio.annotations.FileLocked
            import dev.resilientio.annotations.RetryFileOperation
            import dev.resilientio.annotations.TargetFile
            import java.io.File
            import java.io.IOException
            import java.nio.file.Path

            class Misuses {
        """.trimIndent()
        val firstLine = header.lines().size + 1
        val source = source("Misuses.kt", header + "\n" + misuses.joinToString("\n") { "    " + it.first } + "\n}\n")

        val (exitCode, output) = kapt(source)

        assertThat(exitCode).`as`(output).isNotZero()
        val errors = output.lines().filter { it.contains("Misuses.kt:") && it.contains(": error: ") }
        misuses.forEachIndexed { index, (code, message) ->
            assertThat(errors).`as`("the error of line %d, `%s`, in:%n%s", firstLine + index, code, output)
                .anyMatch { it.contains("Misuses.kt:${firstLine + index}: error: ") && it.contains(message) }
        }
    }

    @Test
    fun correctUseOnEveryKotlinShapePassesKapt() {
        val source = source("Journal.kt", """
            package demo

            import dev.resilientio.annotations.AtomicWrite
            import dev.resilientio.annotations.FileLocked
            import dev.resilientio.annotations.RetryFileOperation
            import dev.resilientio.annotations.TargetFile
            import java.nio.file.Path

            @RetryFileOperation @FileLocked @AtomicWrite
            fun write(file: Path, text: String) = Unit

            class Journal(@field:TargetFile val file: Path) {
                @FileLocked fun append(line: String) = Unit

                companion object {
                    @JvmStatic @JvmOverloads @AtomicWrite
                    fun export(file: Path, separator: Char = ',') = Unit
                }
            }
        """)

        val (exitCode, output) = kapt(source)

        assertThat(exitCode).`as`(output).isZero()
        assertThat(output).doesNotContain("error:")
    }

    private fun source(name: String, text: String): Path =
        Files.writeString(Files.createDirectories(dir.resolve("src")).resolve(name), text.trimIndent())

    /** Runs kotlinc with kapt on [source]; returns its exit code and everything it printed. */
    private fun kapt(source: Path): Pair<Int, String> {
        val libs = Path.of(System.getProperty("resilientio.kapt.libs")
            ?: error("system property resilientio.kapt.libs is not set: run this test through Maven"))
        val annotations = codeSource(AtomicWrite::class.java)
        val kaptOption = "plugin:org.jetbrains.kotlin.kapt3"
        val command = listOf(ChildJvm.javaExecutable(), "-Xshare:auto", "-cp", jars(libs.resolve("compiler")),
            "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler", "-no-stdlib", "-no-reflect", "-jvm-target", "17",
            "-classpath", listOf(annotations, codeSource(Unit::class.java)).joinToString(File.pathSeparator),
            "-d", "${dir.resolve("classes")}",
            "-Xplugin=${jars(libs.resolve("kapt"))}",
            "-P", "$kaptOption:aptMode=stubsAndApt",
            "-P", "$kaptOption:mapDiagnosticLocations=true",
            "-P", "$kaptOption:sources=${dir.resolve("generated")}",
            "-P", "$kaptOption:classes=${dir.resolve("generated-classes")}",
            "-P", "$kaptOption:stubs=${dir.resolve("stubs")}",
            // The processor and what it brings: the annotations and core's rule classes.
            "-P", "$kaptOption:apclasspath=${jars(libs.resolve("processor"))}",
            "-P", "$kaptOption:apclasspath=$annotations",
            "-P", "$kaptOption:apclasspath=${codeSource(ResilientFiles::class.java)}",
            "$source")
        val log = dir.resolve("kotlinc.log")
        val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start()
        check(process.waitFor(180, TimeUnit.SECONDS)) { "kotlinc did not end within 180 s; its output: ${Files.readString(log)}" }
        return process.exitValue() to Files.readString(log)
    }

    private fun jars(folder: Path): String = folder.listDirectoryEntries("*.jar").joinToString(File.pathSeparator)

    private fun codeSource(type: Class<*>): Path = Path.of(type.protectionDomain.codeSource.location.toURI())
}
