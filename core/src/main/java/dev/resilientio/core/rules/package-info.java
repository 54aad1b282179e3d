/**
 * The rules every setting and target obeys, with the words of their errors: the list of settings and
 * their defaults ({@link dev.resilientio.core.rules.Setting}), their grammar and ranges
 * ({@link dev.resilientio.core.rules.SettingRules}, {@link dev.resilientio.core.rules.Durations}) and the
 * messages of the target rules ({@link dev.resilientio.core.rules.TargetMessages}). JDK-only: this is
 * the entry point resilient-io-processor uses, so that compile-time checks and the runtime say the
 * same thing.
 */
package dev.resilientio.core.rules;
