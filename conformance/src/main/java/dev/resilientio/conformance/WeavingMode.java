package dev.resilientio.conformance;

/** Names the weaving mode the suite runs under, so that a failure says which mode broke. */
final class WeavingMode {

    private WeavingMode() {
    }

    /** The mode the build named in {@code resilientio.conformance.weaving}, for messages only. */
    static String name() {
        return System.getProperty("resilientio.conformance.weaving", "an unnamed weaving mode");
    }
}
