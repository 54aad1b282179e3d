/**
 * The API of resilient-io's engine, usable without weaving: {@link dev.resilientio.core.ResilientFiles}
 * (text files, atomic writes and locks as calls), {@link dev.resilientio.core.FileOperation} (a named
 * operation for helpers built on the engine, such as the JSON modules), the public exceptions, the
 * functional interfaces their callbacks implement, and {@link dev.resilientio.core.EngineTime}, the
 * engine's clock that tests replace. How a call flows through the engine is described in
 * {@code docs/architecture.md}.
 */
package dev.resilientio.core;
