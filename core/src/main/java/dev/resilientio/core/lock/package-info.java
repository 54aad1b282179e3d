/**
 * File locks that exclude threads of this JVM and other processes: the JVM-wide registry of lock
 * files, one shared channel per lock file, the OS locks on {@code <name>.lock} with their byte ranges
 * (the lock, a writer's claim to go next, a live atomic write), and how a lock file is opened safely
 * in directories other users may write; the plug-in point of lock providers across hosts
 * ({@link dev.resilientio.core.lock.ClusterLockProvider}) and the fencing of atomic writes under them.
 */
package dev.resilientio.core.lock;
