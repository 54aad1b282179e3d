package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.ErrnoNames;
import dev.resilientio.core.internal.IoErrors;
import dev.resilientio.core.internal.LazyLogger;
import dev.resilientio.core.internal.TargetPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Writes recovery files: the content of a failed atomic write as {@code <name>.failed}, beside the
 * target or in the recovery directory, with {@code <name>.failed.json} describing it.
 *
 * <p>In a recovery directory, the name is {@code <name>.<hash>.failed}, {@code <hash>} the first 16
 * hex digits of the SHA-256 of the target's directory (resolved), so that targets of one name in
 * different directories never share a recovery file; the description names the whole target.
 *
 * <p>A recovery file never replaces an earlier one: the earlier ones move up, {@code .failed} to
 * {@code .failed.1} and so on, each with its {@code .json}, and only the oldest of
 * {@value #KEPT} is deleted, with a WARN that names it. Each file is first staged under a hidden
 * name ({@code .<name>.failed.<random>.part}) that no cleanup of temps takes, then renamed in place, so
 * a recovery file is always complete; a crash while staging can leave a {@code .part} file behind,
 * which holds the content too. Staged files are created new ({@code O_EXCL}, owner-only) and written
 * through the channel that created them; the failed write's temp is renamed, not copied, where the
 * recovery file is on its file system, and read only after a check that its name still holds the
 * file the write created.
 *
 * <p>The rotation of one JVM is serialised; two processes that keep a recovery file of one target
 * at the same moment can lose one of the two (a rare double failure; each still logs its own).
 */
final class RecoveryFileWriter {

    /** Recovery files kept per target: {@code .failed} and {@code .failed.1} to {@code .failed.9}. */
    static final int KEPT = 10;
    /** The version of the description's format. */
    static final int FORMAT_VERSION = 1;

    private static final LazyLogger LOG = new LazyLogger(RecoveryFileWriter.class);
    private static final Object ROTATION = new Object();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private RecoveryFileWriter() {
    }

    /** What a recovery file's description says, besides its own name and size. */
    record Description(Instant time, String operation, Path target, Throwable failure, int attempts) {
    }

    /** A recovery file written, its description, or why the description is missing. */
    record Kept(Path file, Path description, IOException descriptionFailure) {
    }

    /**
     * Returns where a target's recovery file goes.
     *
     * @param target the resolved target
     * @param recoveryDir the recovery directory, or {@code null} for beside the target
     * @return the recovery file's path
     */
    static Path recoveryFile(Path target, Path recoveryDir) {
        if (recoveryDir == null) {
            return TargetPaths.withSuffix(target, ".failed");
        }
        Path directory = target.toAbsolutePath().getParent();
        String hash = TargetPaths.shortHash(directory == null ? "" : directory.toString());
        return TargetPaths.withSuffix(recoveryDir.resolve(target.getFileName().toString()), "." + hash + ".failed");
    }

    static Kept write(FailedContent content, AtomicSettings settings, Description about) throws IOException {
        Path file = recoveryFile(content.target, settings.recoveryDir());
        Path directory = file.getParent();
        if (settings.recoveryDir() != null && !Files.isDirectory(directory)) {
            try {
                Files.createDirectories(directory, ownerOnlyDirectory());
            } catch (IOException e) {
                throw IoErrors.describe(e, directory, "creating the recovery directory for", content.target, true);
            }
        }
        Path description = TargetPaths.withSuffix(file, ".json");
        synchronized (ROTATION) {
            Path stagedData = null;
            Path stagedDescription = null;
            IOException descriptionFailure = null;
            try {
                // The content first: on a full disk the temp can still be renamed, while the description needs space.
                stagedData = stage(content, file);
                long size = Files.size(stagedData);
                try {
                    stagedDescription = stageBytes(describe(about, size), description, content.target);
                } catch (IOException e) {
                    descriptionFailure = IoErrors.describe(e, description, "writing the description of the recovery file of",
                            content.target, true);
                }
                rotate(file);
                move(stagedData, file, content.target);
                stagedData = null;
                if (stagedDescription != null) {
                    move(stagedDescription, description, content.target);
                    stagedDescription = null;
                }
                if (settings.fsync()) {
                    DirectorySync.fsync(directory);
                }
            } finally {
                deleteQuietly(stagedData);
                deleteQuietly(stagedDescription);
            }
            if (descriptionFailure != null) {
                LOG.warn("Kept the content that could not be written to {} in {}, but could not write its description {}: {}",
                        content.target, file, description, descriptionFailure.toString());
                return new Kept(file, null, descriptionFailure);
            }
            return new Kept(file, description, null);
        }
    }

    /** Puts the content at a staged name beside {@code file}: the temp renamed, else a copy of it, else the bytes. */
    private static Path stage(FailedContent content, Path file) throws IOException {
        CreatedFile temp = content.temp();
        IOException tempFailure = null;
        if (temp != null) {
            try {
                return stageTemp(content, temp, file);
            } catch (IOException e) {
                if (content.bytes == null) {
                    throw e;
                }
                tempFailure = e;
            }
        }
        try {
            return stageBytes(content.bytes, file, content.target);
        } catch (IOException e) {
            if (tempFailure != null) {
                e.addSuppressed(tempFailure);
            }
            throw e;
        }
    }

    private static Path stageTemp(FailedContent content, CreatedFile temp, Path file) throws IOException {
        // Renamed or read only while its name holds the file this write created (or a body's own new
        // file): another user's file put in its place is never kept.
        temp.check(content.replacementAllowed);
        Path staged = stagedName(file);
        try {
            Files.move(temp.path(), staged, StandardCopyOption.ATOMIC_MOVE);
            content.tempMoved();
            return staged;
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            // The recovery directory is on another file system: copy, below.
        } catch (IOException e) {
            throw IoErrors.describe(e, temp.path(), "moving the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
        try (FileChannel source = FileChannel.open(temp.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            temp.check(content.replacementAllowed);
            try (CreatedFile copy = CreatedFile.create(staged)) {
                try {
                    long size = source.size();
                    long position = 0;
                    while (position < size) {
                        long copied = source.transferTo(position, size - position, copy.channel());
                        if (copied <= 0) {
                            break;
                        }
                        position += copied;
                    }
                    copy.channel().force(true);
                } catch (IOException | RuntimeException | Error e) {
                    deleteQuietly(staged);
                    throw e;
                }
            }
            return staged;
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, staged, "copying the failed content to " + file + ", the recovery file of",
                    content.target, true);
        }
    }

    /** Writes bytes to a new, owner-only file at a staged name beside {@code file}, through the channel that created it. */
    private static Path stageBytes(byte[] bytes, Path file, Path target) throws IOException {
        Path staged = stagedName(file);
        try (CreatedFile created = CreatedFile.create(staged)) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    created.channel().write(buffer);
                }
                created.channel().force(true);
            } catch (IOException | RuntimeException | Error e) {
                deleteQuietly(staged);
                throw e;
            }
        } catch (CreatedFile.ForeignFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.describe(e, staged, "writing " + file + ", a recovery file of", target, true);
        }
        return staged;
    }

    /** Moves the recovery files of a name up by one, {@code .failed} to {@code .failed.1} and on, dropping the oldest. */
    private static void rotate(Path file) throws IOException {
        Path oldest = numbered(file, KEPT - 1);
        if (exists(oldest) || exists(json(oldest))) {
            LOG.warn("Deleting the oldest recovery file {} (and its description): {} recovery files of one target are kept",
                    oldest, KEPT);
            Files.deleteIfExists(oldest);
            Files.deleteIfExists(json(oldest));
        }
        for (int n = KEPT - 2; n >= 0; n--) {
            Path from = numbered(file, n);
            Path to = numbered(file, n + 1);
            if (exists(from)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
            if (exists(json(from))) {
                Files.move(json(from), json(to), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** The n-th older recovery file: {@code file} itself for 0, else {@code file.n}. */
    static Path numbered(Path file, int n) {
        return n == 0 ? file : TargetPaths.withSuffix(file, "." + n);
    }

    static Path json(Path file) {
        return TargetPaths.withSuffix(file, ".json");
    }

    private static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static void move(Path staged, Path file, Path target) throws IOException {
        try {
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw IoErrors.describe(e, file, "renaming the staged recovery file " + staged + " for", target, true);
        }
    }

    private static Path stagedName(Path file) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return TargetPaths.withSuffix(file.resolveSibling("." + file.getFileName()), "." + HexFormat.of().formatHex(random) + ".part");
    }

    private static void deleteQuietly(Path staged) {
        if (staged == null) {
            return;
        }
        try {
            Files.deleteIfExists(staged);
        } catch (IOException e) {
            LOG.warn("Could not delete the staged recovery file {}; delete it by hand: {}", staged, e.toString());
        }
    }

    private static FileAttribute<?>[] ownerOnlyDirectory() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    /** The description as JSON, one field a line, in a fixed order. */
    static byte[] describe(Description about, long size) {
        Throwable failure = about.failure();
        StringBuilder json = new StringBuilder(512).append("{\n");
        field(json, "formatVersion", Integer.toString(FORMAT_VERSION));
        field(json, "time", quote(about.time().toString()));
        field(json, "operation", quote(about.operation()));
        field(json, "target", quote(about.target().toAbsolutePath().toString()));
        field(json, "size", Long.toString(size));
        field(json, "errorType", quote(failure.getClass().getName()));
        field(json, "message", quote(String.valueOf(failure.getMessage())));
        String errno = ErrnoNames.of(failure);
        field(json, "errno", errno == null ? "null" : quote(errno));
        json.append("  \"attempts\": ").append(about.attempts()).append("\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
