/**
 * Locks across hosts that share a file system, on Apache ZooKeeper through Apache Curator, with
 * fencing: set {@code RESILIENT_IO_LOCK_PROVIDER=zookeeper} and {@code RESILIENT_IO_ZOOKEEPER_CONNECT};
 * see {@code docs/cluster-locks.md}.
 */
package dev.resilientio.zookeeper;
