/**
 * File-system primitives the engine's packages share: resolving a target under the shared-directory
 * link rule, owner and mode vocabulary, error descriptions and the IO errors libraries wrap, this
 * process's identity and limits, lazy loggers. Not an API: may change in any release.
 */
package dev.resilientio.core.internal;
