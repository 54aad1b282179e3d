package dev.resilientio.core.internal;

import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A target file as the caller named it and as resolved once for one call ({@link TargetPaths#resolve}):
 * the lock, the read and the atomic write of that call all work on {@link #path()}, and their
 * messages name {@link #given()}.
 *
 * @param given the file as the caller gave it
 * @param path the file it is, links followed by the shared-directory rule
 */
public record ResolvedTarget(Path given, Path path) {

    /**
     * Resolves a target.
     *
     * @param given the file as the caller gave it
     * @return the resolved target
     * @throws IOException when a link is refused or cannot be read
     */
    public static ResolvedTarget of(Path given) throws IOException {
        // With a provider across hosts the resolved path is the lock key every host must agree on:
        // resolved in full, never from the cache of directories (a lock there costs milliseconds).
        return new ResolvedTarget(given, TargetPaths.resolve(given, ResilientIoConfig.global().locks().isLocal()));
    }
}
