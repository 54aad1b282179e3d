/**
 * Implementation details of {@code dev.resilientio.core}; not an API, may change in any release.
 */
package dev.resilientio.core.internal;
