/**
 * Configuration: a snapshot of the environment variables and system properties
 * ({@link dev.resilientio.core.config.ResilientIoConfig}), the precedence of one setting over them,
 * the per-operation values it resolves ({@link dev.resilientio.core.config.OperationSettings}), what a
 * caller overrides ({@link dev.resilientio.core.config.SettingOverrides}: annotation attributes, Kotlin
 * arguments), and the report of names that match no setting.
 */
package dev.resilientio.core.config;
