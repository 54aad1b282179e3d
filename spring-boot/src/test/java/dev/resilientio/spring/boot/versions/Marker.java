package dev.resilientio.spring.boot.versions;

/** A class with no dependencies, packed into jars of chosen versions by {@code EngineVersionCheckTest}. */
public class Marker {
}
