/**
 * A JUnit Jupiter test kit for code that uses resilient-io: {@link dev.resilientio.test.ResilientIoExtension}
 * (or {@link dev.resilientio.test.ResilientIoTest}) gives each test a {@link dev.resilientio.test.VirtualTime},
 * on which backoffs and breaker open durations pass at once and are recorded, {@link dev.resilientio.test.FileFaults}
 * to make the engine's steps fail or crash on chosen files, and {@link dev.resilientio.test.RecordedEvents};
 * {@link dev.resilientio.test.ResilientIoAssertions#assertWoven(Class...)} fails a build that lost its weaving, and
 * {@link dev.resilientio.test.LockHolder} holds a file's lock from another process.
 */
package dev.resilientio.test;
