/** The test kit's own workings, not its API: the child JVM that holds a lock for {@code LockHolder}. */
package dev.resilientio.test.internal;
