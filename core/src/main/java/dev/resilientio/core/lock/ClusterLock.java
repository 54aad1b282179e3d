package dev.resilientio.core.lock;

import dev.resilientio.core.FileLockLostException;
import java.io.IOException;

/**
 * One grant of a {@link ClusterLockProvider}, held by the thread that acquired it.
 */
public interface ClusterLock {

    /**
     * Confirms with the lock service that this grant is still held, and returns its fencing token:
     * a number that every later exclusive grant of the same key exceeds. Called by the thread that
     * holds the grant, just before an atomic write under it renames its temp over the target.
     *
     * @return the fencing token
     * @throws FileLockLostException when the service no longer counts the grant as held, or cannot
     *     confirm that it does
     * @throws IOException never otherwise; declared for implementations' sake
     */
    long verify() throws IOException;

    /**
     * Names what the fencing tokens count in, such as the lock service's identity: tokens of
     * different spaces are never compared, so that a lock service rebuilt from scratch, whose tokens
     * count from zero again, does not find every file fenced against it for ever. Called after
     * {@link #verify()}, on the same thread.
     *
     * @return a name of 1 to 120 printable ASCII characters without spaces
     * @throws IOException when it cannot be read from the lock service
     */
    String tokenSpace() throws IOException;

    /** Releases the grant, on the thread that acquired it; never throws (a failure is logged). */
    void release();
}
