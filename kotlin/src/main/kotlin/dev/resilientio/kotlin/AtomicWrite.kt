package dev.resilientio.kotlin

import dev.resilientio.annotations.Durability
import dev.resilientio.core.config.ResilientIoConfig
import dev.resilientio.core.config.SettingOverrides
import dev.resilientio.core.pipeline.Call
import dev.resilientio.core.pipeline.Pipeline
import dev.resilientio.core.rules.Setting
import dev.resilientio.core.rules.SettingRules
import java.nio.file.Path
import kotlinx.coroutines.currentCoroutineContext

/**
 * Replaces [file] atomically and durably with what [writeTo] writes, as `@AtomicWrite` does for a
 * method: [writeTo] gets a temp file in the same directory, which replaces [file] only when
 * [writeTo] returns; readers see the old file or the new one, never a mix. If [writeTo] throws,
 * the temp is deleted, [file] is untouched and the exception propagates unchanged.
 *
 * [writeTo] runs on a thread of `Dispatchers.IO`; cancellation interrupts it, and the temp is
 * discarded (a cancellation during the final rename and sync may leave the new file). No lock and
 * no retry are added: call it inside [retryFileOperation], and use [SuspendingFiles] for locked
 * writes of text or JSON. Settings not given here come from configuration, for the enclosing
 * [retryFileOperation]'s operation name when there is one.
 *
 * @param file the file to replace; its directory must exist
 * @param backups rotating backups to keep, 0 to 100; `null` takes it from configuration
 * @param copyExisting whether the temp starts as a copy of [file], for appends and in-place edits
 * @param durability [Durability.FSYNC] survives power loss, [Durability.NONE] is atomic but not
 *     synced; [Durability.DEFAULT] takes it from configuration
 * @param keepFailed as `@AtomicWrite(keepFailed)`: `true` keeps content whose commit fails as
 *     `<name>.failed` (or in `RESILIENT_IO_ATOMIC_RECOVERY_DIR`) and names it in the exception, `false`
 *     keeps none; `null` (the default) takes it from configuration. Nothing is kept when [writeTo]
 *     throws. The recovery file is kept at this call's end, also inside [retryFileOperation], whose
 *     next attempt may then succeed, as for a nested annotated method.
 * @param writeTo writes the new content to the path it is given
 * @throws dev.resilientio.core.ResilientIoConfigException when [backups] or a configuration value is out of range
 */
public suspend fun atomicWrite(
    file: Path,
    backups: Int? = null,
    copyExisting: Boolean = false,
    durability: Durability = Durability.DEFAULT,
    keepFailed: Boolean? = null,
    writeTo: (Path) -> Unit,
) {
    backups?.let { SettingRules.checkBackups("atomicWrite(backups)", it) }
    val operation = currentCoroutineContext()[RetryingOperation]?.name
    val overrides = SettingOverrides.builder().copyExisting(copyExisting)
    backups?.let { overrides.set(Setting.ATOMIC_BACKUPS, it.toString(), "atomicWrite(backups)") }
    if (durability != Durability.DEFAULT) {
        overrides.set(Setting.ATOMIC_DURABILITY, durability.name, "atomicWrite(durability)")
    }
    keepFailed?.let { overrides.set(Setting.ATOMIC_KEEP_FAILED, it.toString(), "atomicWrite(keepFailed)") }
    val settings = ResilientIoConfig.global().operation(operation, overrides.build())
    val pipeline = Pipeline.builder(settings).atomicWrite().build()
    blockingIo {
        object : Call(pipeline, file, file) {
            override fun body(): Any? {
                writeTo(file())
                return null
            }
        }.run()
    }
}
