package dev.resilientio.spring.boot;

/**
 * The resilient-io engine in use (perhaps the agent's, from {@code -javaagent:resilient-io-agent.jar})
 * is not the version of this starter. One engine runs per JVM, so the two must match; thrown at
 * start-up.
 */
public class EngineVersionMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The engine's version. */
    private final String engineVersion;
    /** Where the engine was loaded from. */
    private final String engineLocation;
    /** The starter's version. */
    private final String starterVersion;
    /** Where the starter was loaded from. */
    private final String starterLocation;

    /**
     * Creates the exception.
     *
     * @param engineVersion the Implementation-Version of the resilient-io-core classes in use
     * @param engineLocation where they were loaded from, such as the agent jar
     * @param starterVersion the Implementation-Version of the starter
     * @param starterLocation where the starter was loaded from
     */
    public EngineVersionMismatchException(String engineVersion, String engineLocation, String starterVersion,
            String starterLocation) {
        super("resilient-io: the engine in use is resilient-io-core " + engineVersion + " (from " + engineLocation
                + "), but resilient-io-spring-boot-starter is " + starterVersion + " (from " + starterLocation
                + "); one engine runs per JVM, and the starter works with its own version only. Use the same"
                + " version of both: of resilient-io-agent when the engine comes from -javaagent, else of"
                + " resilient-io-core (with resilient-io-bom, say).");
        this.engineVersion = engineVersion;
        this.engineLocation = engineLocation;
        this.starterVersion = starterVersion;
        this.starterLocation = starterLocation;
    }

    /**
     * Returns the engine's version.
     *
     * @return such as {@code 0.1.0}
     */
    public String engineVersion() {
        return engineVersion;
    }

    /**
     * Returns where the engine was loaded from.
     *
     * @return such as {@code file:/opt/resilient-io-agent.jar}
     */
    public String engineLocation() {
        return engineLocation;
    }

    /**
     * Returns the starter's version.
     *
     * @return such as {@code 0.2.0}
     */
    public String starterVersion() {
        return starterVersion;
    }

    /**
     * Returns where the starter was loaded from.
     *
     * @return the starter jar's location
     */
    public String starterLocation() {
        return starterLocation;
    }
}
