/**
 * The engine's JDK Flight Recorder events, {@code dev.resilientio.*}, and the bridge that commits
 * them from the engine's events. Everything that names a {@code jdk.jfr} type stays behind
 * {@link dev.resilientio.core.internal.jfr.JfrEvents}, so a runtime without the {@code jdk.jfr}
 * module runs the engine without them.
 */
package dev.resilientio.core.internal.jfr;
