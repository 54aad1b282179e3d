/**
 * Atomic, durable replacement of files: the temp created beside the target, its attributes set
 * through its own descriptor, the commit (fsync, backups, rename, directory fsync), the cleanup of
 * temps that crashed writers left, and reads that recover from backups.
 */
package dev.resilientio.core.atomic;
