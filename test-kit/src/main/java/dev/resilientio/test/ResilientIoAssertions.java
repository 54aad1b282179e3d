package dev.resilientio.test;

import dev.resilientio.core.ResilientIoConfigException;
import dev.resilientio.core.weaving.WeavingCheck;
import java.util.Arrays;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/** Assertions about how resilient-io applies to a test's classes. Stateless and thread-safe. */
public final class ResilientIoAssertions {

    private ResilientIoAssertions() {
    }

    /**
     * Fails unless every method of the classes that carries a resilient-io annotation is woven (by
     * ajc at compile time, AspectJ load-time weaving or resilient-io's agent) and each one's
     * annotations can be applied (a target file, valid settings). Put it in a test of the classes the
     * other tests exercise, so that a build that lost its weaving fails there, by name, instead of in
     * tests that only see no retry.
     *
     * @param classes the classes whose annotated methods must be woven
     * @throws AssertionFailedError naming each unwoven method and the three ways to weave it, or the
     *     misused annotation and its fix
     */
    public static void assertWoven(Class<?>... classes) {
        Objects.requireNonNull(classes, "classes");
        try {
            WeavingCheck.verify(classes);
        } catch (IllegalStateException unwoven) {
            throw new AssertionFailedError(unwoven.getMessage(), unwoven);
        } catch (ResilientIoConfigException misused) {
            throw new AssertionFailedError("resilient-io: the classes " + Arrays.toString(classes) + " are woven, but an"
                    + " annotation cannot be applied: " + misused.getMessage(), misused);
        }
    }
}
