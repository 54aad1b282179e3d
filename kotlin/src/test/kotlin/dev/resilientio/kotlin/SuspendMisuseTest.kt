package dev.resilientio.kotlin

import dev.resilientio.annotations.FileLocked
import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.core.ResilientIoConfigException
import dev.resilientio.core.weaving.AnnotatedMethod
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.catchThrowable
import org.junit.jupiter.api.Test

/** Where the processor did not run, an annotated suspend function fails on its first call with the processor's words. */
class SuspendMisuseTest {

    class Reports {
        @RetryFileOperation
        @FileLocked
        suspend fun load(file: Path): String = file.toString()

        @FileLocked
        fun plain(file: Path): String = file.toString()
    }

    @Test
    fun annotatedSuspendFunctionIsRejectedNamingTheHelpers() {
        val load = Reports::class.java.declaredMethods.single { it.name == "load" }

        val thrown = catchThrowable { AnnotatedMethod.of(load).validate() }

        assertThat(thrown).isInstanceOf(ResilientIoConfigException::class.java)
            .hasMessageStartingWith("dev.resilientio.kotlin.SuspendMisuseTest\$Reports.load(Path) is a Kotlin suspend function")
            .hasMessageContaining("Remove @RetryFileOperation", "retryFileOperation, withFileLock or atomicWrite")
    }

    @Test
    fun plainFunctionOfTheSameClassIsAccepted() {
        val plain = Reports::class.java.declaredMethods.single { it.name == "plain" }

        AnnotatedMethod.of(plain).validate()

        assertThat(AnnotatedMethod.of(plain).operation()).isEqualTo("Reports.plain")
    }
}
