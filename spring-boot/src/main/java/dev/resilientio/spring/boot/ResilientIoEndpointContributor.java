package dev.resilientio.spring.boot;

/**
 * Adds a section to the {@code resilientio} actuator endpoint, under {@code extensions}: the place
 * where later parts of resilient-io (circuit breakers, metrics) and applications report their own
 * state. Declare one as a bean; implementations must be thread-safe, since the endpoint may be read
 * from several requests at once.
 */
public interface ResilientIoEndpointContributor {

    /**
     * Returns the section's key under {@code extensions}.
     *
     * @return a name unique among contributors, such as {@code circuitBreakers}
     */
    String name();

    /**
     * Returns the section's content, read at each request.
     *
     * @return a value the actuator can write as JSON (a map, a list, a record, a string, a number)
     */
    Object contribution();
}
