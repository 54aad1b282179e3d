/**
 * Micrometer meters of the resilient-io engine: bind a {@link dev.resilientio.micrometer.ResilientIoMetrics}
 * to a {@code MeterRegistry} (the Spring Boot starter does, where the application has one) to count
 * calls by operation and outcome, time lock waits and atomic commits, count recoveries from backups
 * and show each circuit breaker's state.
 */
package dev.resilientio.micrometer;
