package dev.resilientio.agent.internal;

import dev.resilientio.annotations.RetryFileOperation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Annotated methods whose parameters take every JVM type (each primitive, two-slot longs and
 * doubles, arrays) and whose results are a long, an array, a boolean and void, static and
 * instance, each failing once before it succeeds: the woven prologue must box, unbox and frame them.
 */
public class PrimitiveShapes implements FileOperation {

    private static int staticAttempts;
    private int attempts;

    @Override
    public String run(Path file) throws IOException {
        long sum = sum(file, 1, 2L, 3.5d, true, 'x', (short) 4, (byte) 5, 6.5f, new String[] {"a", "b"});
        int[] lengths = lengths(file, "one", "three");
        boolean odd = isOdd(file, 7L);
        touch(file);
        return sum + " " + lengths[0] + "," + lengths[1] + " " + odd + " " + attempts + " " + staticAttempts;
    }

    @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", maxDelay = "1ms")
    static long sum(Path file, int a, long b, double c, boolean flag, char ch, short s, byte by, float f, String[] names)
            throws IOException {
        if (staticAttempts++ % 2 == 0) {
            throw new IOException("Resource temporarily unavailable");
        }
        return a + b + (long) c + (flag ? 1 : 0) + ch + s + by + (long) f + names.length;
    }

    @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", maxDelay = "1ms")
    int[] lengths(Path file, String first, String second) throws IOException {
        failFirst();
        return new int[] {first.length(), second.length()};
    }

    @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", maxDelay = "1ms")
    boolean isOdd(Path file, long value) throws IOException {
        failFirst();
        return value % 2 == 1;
    }

    @RetryFileOperation(maxAttempts = 2, initialDelay = "1ms", maxDelay = "1ms")
    void touch(Path file) throws IOException {
        failFirst();
    }

    private void failFirst() throws IOException {
        if (attempts++ % 2 == 0) {
            throw new IOException("Resource temporarily unavailable");
        }
    }
}
