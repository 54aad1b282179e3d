package dev.resilientio.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns the path a caller gave into the file that is really read, written and locked. */
public final class TargetPaths {

    /** The longest file name most file systems take, in bytes. */
    private static final int MAX_NAME_BYTES = 255;

    /** Linux gives up following a chain of links at 40; so do we. */
    private static final int MAX_LINKS = 40;

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** {@code FileSystemProvider.readAttributesIfExists}, on Java 20 and later; {@code null} before. */
    private static final MethodHandle READ_IF_EXISTS = readAttributesIfExists();

    private TargetPaths() {
    }

    /**
     * Resolves a target: absolute, normalised, its directory's symlinks resolved, and, when the
     * file itself is a symlink (even a dangling one), the file the link chain ends at, so that an
     * atomic replace keeps the link and replaces what it points to.
     *
     * @param target the path the caller gave
     * @return the real target
     * @throws IOException when a link cannot be read or the chain loops
     */
    public static Path resolve(Path target) throws IOException {
        Path current = canonicalParent(target.toAbsolutePath().normalize());
        for (int hops = 0; isSymbolicLink(current); hops++) {
            if (hops == MAX_LINKS) {
                throw new FileSystemLoopException(target.toString());
            }
            Path link = Files.readSymbolicLink(current);
            current = canonicalParent(current.resolveSibling(link).normalize());
        }
        return current;
    }

    private static Path canonicalParent(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            return file;
        }
        try {
            return parent.toRealPath().resolve(file.getFileName());
        } catch (IOException missingDirectory) {
            // The caller's own operation on the file reports what is wrong with its directory.
            return file;
        }
    }

    /**
     * {@link Files#isSymbolicLink(Path)} without its cost for a file that does not exist: on Java 17
     * that is a {@code NoSuchFileException} with its stack trace (most of an uncontended lock's time
     * when only the lock file exists), so on Java 20+ the provider's exception-free
     * {@code readAttributesIfExists} is used instead, found once by reflection as this code is built
     * for Java 17.
     */
    private static boolean isSymbolicLink(Path file) {
        if (READ_IF_EXISTS == null) {
            return Files.isSymbolicLink(file);
        }
        try {
            BasicFileAttributes attributes = (BasicFileAttributes) READ_IF_EXISTS.invokeExact(
                    file.getFileSystem().provider(), file, BasicFileAttributes.class, NO_FOLLOW);
            return attributes != null && attributes.isSymbolicLink();
        } catch (IOException | RuntimeException unreadable) {
            return false;
        } catch (Throwable error) {
            throw (Error) error;
        }
    }

    private static MethodHandle readAttributesIfExists() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(FileSystemProvider.class, "readAttributesIfExists", MethodType.methodType(
                            BasicFileAttributes.class, Path.class, Class.class, LinkOption[].class));
        } catch (ReflectiveOperationException beforeJava20) {
            return null;
        }
    }

    /**
     * Returns a sibling of a file whose name is the file's name plus a suffix. When that would pass
     * the 255-byte limit of most file systems, the name is cut and a 16-digit SHA-256 prefix of the whole name
     * keeps it unique; every process derives the same sibling.
     *
     * @param file the file
     * @param suffix the suffix, such as {@code .lock}
     * @return the sibling
     */
    public static Path withSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        if ((name + suffix).getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return file.resolveSibling(name + suffix);
        }
        String hash = "." + sha256Hex(name).substring(0, 16);
        int budget = MAX_NAME_BYTES - (hash + suffix).getBytes(StandardCharsets.UTF_8).length;
        return file.resolveSibling(cutToBytes(name, budget) + hash + suffix);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Cuts a name to at most {@code maxBytes} bytes of UTF-8, never inside a character.
     *
     * @param name the name
     * @param maxBytes the byte budget
     * @return the longest prefix that fits
     */
    public static String cutToBytes(String name, int maxBytes) {
        int end = 0;
        int bytes = 0;
        while (end < name.length()) {
            int next = name.offsetByCodePoints(end, 1);
            bytes += name.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                break;
            }
            end = next;
        }
        return name.substring(0, end);
    }
}
