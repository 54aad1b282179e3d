package dev.resilientio.spring.boot;

import dev.resilientio.core.ResilientIoConfigException;

/**
 * A {@code resilientio.*} property of the application has a value resilient-io does not allow. Thrown at
 * start-up, so the application stops before any annotated method runs; its failure analysis names the
 * property, its value, where it was written and what is allowed.
 */
public class InvalidPropertyException extends ResilientIoConfigException {

    private static final long serialVersionUID = 1L;

    /** The property as Spring names it. */
    private final String property;
    /** The value as written. */
    private final String value;
    /** Where it was written; {@code null} when unknown. */
    private final String origin;
    /** What is wrong and what is allowed. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param property the property as Spring names it, such as {@code resilientio.retry.max-attempts}
     * @param value the value as written
     * @param origin where it was written, such as {@code class path resource [application.properties] - 1:31};
     *     {@code null} when unknown
     * @param problem what is wrong and what is allowed, such as {@code expected a whole number from 1 to 2147483647}
     * @param cause the engine's own report, whose message this exception keeps
     */
    public InvalidPropertyException(String property, String value, String origin, String problem,
            ResilientIoConfigException cause) {
        super(cause.getMessage(), cause);
        this.property = property;
        this.value = value;
        this.origin = origin;
        this.problem = problem;
    }

    /**
     * Creates the exception for a property the starter reads itself, such as {@code resilientio.weaving-check}.
     *
     * @param property the property as Spring names it
     * @param value the value as written
     * @param origin where it was written; {@code null} when unknown
     * @param problem what is wrong and what is allowed
     */
    public InvalidPropertyException(String property, String value, String origin, String problem) {
        super("application property " + property + (origin == null ? "" : " (" + origin + ")") + "='" + value
                + "' is not allowed: " + problem);
        this.property = property;
        this.value = value;
        this.origin = origin;
        this.problem = problem;
    }

    /**
     * Returns the property as Spring names it.
     *
     * @return such as {@code resilientio.operations[TaskStore.save].lock.timeout}
     */
    public String property() {
        return property;
    }

    /**
     * Returns the bad value as written.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    /**
     * Returns where the property was written.
     *
     * @return such as {@code class path resource [application.properties] - 1:31}, or {@code null} when unknown
     */
    public String origin() {
        return origin;
    }

    /**
     * Returns what is wrong with the value and what is allowed.
     *
     * @return such as {@code expected a number from 0.0 to 1.0}
     */
    public String problem() {
        return problem;
    }
}
