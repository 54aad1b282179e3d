package dev.resilientio.examples.kotlin

import dev.resilientio.annotations.LockMode
import dev.resilientio.core.lock.FileLocks
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.assertj.core.api.Assertions.assertThat

/**
 * Proves that a call takes the lock of a file: while another thread holds that file's EXCLUSIVE lock,
 * the call waits; once it is released, the call completes. An unwoven call would complete at once.
 */
object LockProbe {

    private val held: Duration = Duration.ofMillis(400)
    private val promptly: Duration = Duration.ofSeconds(10)

    fun <T> waitsForLockOf(file: Path, call: () -> T): T {
        val locked = CountDownLatch(1)
        val release = CountDownLatch(1)
        val holder = CompletableFuture.runAsync {
            FileLocks.acquire(file, LockMode.EXCLUSIVE, promptly).use {
                locked.countDown()
                release.await(promptly.toMillis(), TimeUnit.MILLISECONDS)
            }
        }
        assertThat(locked.await(promptly.toMillis(), TimeUnit.MILLISECONDS)).`as`("the holder took the lock").isTrue()
        val result = CompletableFuture.supplyAsync(call)
        try {
            Thread.sleep(held.toMillis())
            assertThat(result).`as`("the call while another thread holds the lock of %s", file).isNotDone()
        } finally {
            release.countDown()
        }
        holder.get(promptly.toMillis(), TimeUnit.MILLISECONDS)
        return result.get(promptly.toMillis(), TimeUnit.MILLISECONDS)
    }
}
