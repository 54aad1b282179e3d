/**
 * Spring Boot auto-configuration of resilient-io: the application's {@code resilientio.*} properties
 * installed in the engine before any bean exists
 * ({@link dev.resilientio.spring.boot.ResilientIoEnvironmentListener}), failure analysis of what stops
 * start-up ({@link dev.resilientio.spring.boot.ResilientIoFailureAnalyzer}), the start-up weaving check
 * and the {@code resilientio} actuator endpoint ({@link dev.resilientio.spring.boot.ResilientIoEndpoint}).
 */
package dev.resilientio.spring.boot;
