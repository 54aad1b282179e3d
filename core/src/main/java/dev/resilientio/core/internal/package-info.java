/**
 * File-system primitives the engine's packages share: resolving a target under the shared-directory
 * link rule, owner and mode vocabulary, error descriptions, this process's identity and limits,
 * directory fsync, lazy loggers. Not an API: may change in any release.
 */
package dev.resilientio.core.internal;
