package dev.resilientio.spring.boot;

import dev.resilientio.core.ResilientIoConfigException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up failure caused by resilient-io: a bad {@code resilientio.*} property (named with
 * its value, where it was written and what is allowed), any other bad setting or annotation use,
 * unwoven annotated beans, or an engine of another version. Registered in
 * {@code META-INF/spring.factories}; stateless.
 */
public class ResilientIoFailureAnalyzer implements FailureAnalyzer {

    private static final String DOCS = "See docs/spring-boot.md of resilient-io for every property and its precedence.";

    /** Creates the analyzer; Spring Boot does, from {@code META-INF/spring.factories}. */
    public ResilientIoFailureAnalyzer() {
    }

    /**
     * Analyzes a start-up failure.
     *
     * @param failure what stopped start-up
     * @return the analysis, or {@code null} when resilient-io did not cause it
     */
    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidPropertyException property = find(failure, InvalidPropertyException.class);
        if (property != null) {
            return invalidProperty(property);
        }
        UnwovenBeansException unwoven = find(failure, UnwovenBeansException.class);
        if (unwoven != null) {
            return new FailureAnalysis("resilient-io's weaving check (resilientio.weaving-check=fail) found "
                    + unwoven.methods().size() + (unwoven.methods().size() == 1 ? " annotated bean method" : " annotated bean methods")
                    + " that no weaving reaches, so their annotations would do nothing:\n  - "
                    + String.join("\n  - ", unwoven.methods()),
                    "Weave these classes in one of three ways (docs/spring-boot.md, \"The weaving check\"):\n"
                    + "  1. compile time: aspectj-maven-plugin with dev.resilientio:resilient-io-aspects in <aspectLibraries>;\n"
                    + "  2. load time: java -javaagent:aspectjweaver.jar with resilient-io-aspects on the class path;\n"
                    + "  3. the agent: java -javaagent:resilient-io-agent.jar, no AspectJ needed.\n"
                    + "Or set resilientio.weaving-check=warn to start anyway and log them.", unwoven);
        }
        EngineVersionMismatchException mismatch = find(failure, EngineVersionMismatchException.class);
        if (mismatch != null) {
            return new FailureAnalysis("The resilient-io engine in use is resilient-io-core " + mismatch.engineVersion()
                    + " (from " + mismatch.engineLocation() + "), but resilient-io-spring-boot-starter is "
                    + mismatch.starterVersion() + " (from " + mismatch.starterLocation() + ").",
                    "Use one version of resilient-io throughout: the starter's version of resilient-io-agent when the"
                    + " engine comes from -javaagent, else of resilient-io-core (resilient-io-bom keeps them together).",
                    mismatch);
        }
        ResilientIoConfigException config = find(failure, ResilientIoConfigException.class);
        if (config != null) {
            return new FailureAnalysis("resilient-io's configuration or annotation use is wrong: " + config.getMessage(),
                    "Change the setting or annotation named above to an allowed value. " + DOCS, config);
        }
        return null;
    }

    private static FailureAnalysis invalidProperty(InvalidPropertyException e) {
        String where = e.origin() == null ? "" : " (" + e.origin() + ")";
        return new FailureAnalysis("The property " + e.property() + "='" + e.value() + "'" + where
                + " is not allowed: " + e.problem(),
                "Change " + e.property() + where + ": " + e.problem() + ". " + DOCS, e);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
