package dev.resilientio.json;

import dev.resilientio.core.testsupport.Counter;
import dev.resilientio.core.testsupport.IncrementRace;

/**
 * Child JVM of the cross-process JSON test: the child's side of {@link IncrementRace}, each increment
 * a {@link ResilientJson#updateJson} of a JSON counter.
 *
 * <p>Arguments: the JSON file, the number of increments.
 */
public final class JsonIncrementMain {

    private JsonIncrementMain() {
    }

    public static void main(String[] args) {
        IncrementRace.child(args, file -> ResilientJson.readJson(file, Counter.class, new Counter(0)).value(),
                file -> ResilientJson.updateJson(file, Counter.class, new Counter(0), Counter::increment).value());
    }
}
