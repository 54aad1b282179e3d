package dev.resilientio.kotlin

import dev.resilientio.annotations.RetryFileOperation
import dev.resilientio.core.weaving.AnnotatedMethod
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/** Operation names of annotated Kotlin functions, which key the per-operation variables and the logs. */
class OperationNameTest {

    class Store {
        companion object {
            @RetryFileOperation
            @JvmStatic
            fun count(file: Path): Int = file.nameCount
        }

        object Cache {
            @RetryFileOperation
            fun load(file: Path): Int = file.nameCount
        }
    }

    class Archive {
        companion object Factory {
            @RetryFileOperation
            fun open(file: Path): Int = file.nameCount
        }
    }

    @Test
    fun companionFunctionsAreNamedAfterTheirClassHoweverTheyAreCalled() {
        val companion = AnnotatedMethod.of(Store.Companion::class.java.getDeclaredMethod("count", Path::class.java))
        val bridge = AnnotatedMethod.of(Store::class.java.getDeclaredMethod("count", Path::class.java))

        assertThat(companion.operation()).isEqualTo("Store.count")
        assertThat(bridge.operation()).isEqualTo("Store.count")
    }

    @Test
    fun namedCompanionIsNamedAfterItsClassToo() {
        val open = AnnotatedMethod.of(Archive.Factory::class.java.getDeclaredMethod("open", Path::class.java))

        assertThat(open.operation()).isEqualTo("Archive.open")
    }

    @Test
    fun nestedObjectKeepsItsOwnName() {
        val load = AnnotatedMethod.of(Store.Cache::class.java.getDeclaredMethod("load", Path::class.java))

        assertThat(load.operation()).isEqualTo("Cache.load")
    }
}
