package dev.resilientio.core.pipeline;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temps of the atomic writes running in this JVM. JVM-wide, not per thread: a body may hand its
 * temp to another thread, and a temp belongs to its one writer whichever thread writes it. A call
 * on such a temp (a Kotlin overload or bridge calling its annotated twin, say) writes into it as it
 * is, since the outer call already locks, commits and backs up.
 */
final class RunningTemps {

    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private RunningTemps() {
    }

    static boolean contains(Path file) {
        return file != null && !WRITING.isEmpty() && WRITING.contains(file.toAbsolutePath().normalize());
    }

    static void add(Path temp) {
        WRITING.add(temp);
    }

    static void remove(Path temp) {
        WRITING.remove(temp);
    }
}
