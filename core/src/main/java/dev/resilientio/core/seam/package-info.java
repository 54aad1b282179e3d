/**
 * The engine's test seam: a {@link dev.resilientio.core.seam.FaultSeam} installed for a test is asked
 * before each step where file IO fails in production (an attempt's body, a lock wait, a commit's
 * fsync, rename and directory fsync) and may make that step fail, or end it as a crash would. The
 * test kit {@code resilient-io-test} builds its {@code FileFaults} on it. With no seam installed each
 * step pays one read of a field.
 */
package dev.resilientio.core.seam;
