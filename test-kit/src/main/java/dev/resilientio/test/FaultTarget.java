package dev.resilientio.test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The files a planned fault applies to: one file, or those a {@code glob:} or {@code regex:} pattern
 * matches. The engine names a file as its caller gave it before an attempt or a lock wait (perhaps
 * relative, perhaps through a link), and resolved before a commit's steps; so both the path reported
 * and the path it stands for (absolute, links followed where the file or its directory exists) are
 * compared.
 */
final class FaultTarget {

    private final Path file;
    private final String pattern;
    private final PathMatcher matcher;

    private FaultTarget(Path file, String pattern, PathMatcher matcher) {
        this.file = file;
        this.pattern = pattern;
        this.matcher = matcher;
    }

    static FaultTarget file(Path file) {
        return new FaultTarget(Objects.requireNonNull(file, "file"), null, null);
    }

    static FaultTarget pattern(String syntaxAndPattern) {
        Objects.requireNonNull(syntaxAndPattern, "pattern");
        if (!syntaxAndPattern.startsWith("glob:") && !syntaxAndPattern.startsWith("regex:")) {
            throw new IllegalArgumentException("FileFaults target \"" + syntaxAndPattern + "\": a pattern starts with"
                    + " glob: or regex:, as FileSystem.getPathMatcher takes it (\"glob:**/*.json\"); for one file pass a Path");
        }
        return new FaultTarget(null, syntaxAndPattern, FileSystems.getDefault().getPathMatcher(syntaxAndPattern));
    }

    boolean matches(Path reported) {
        if (reported == null) {
            return false;
        }
        Set<Path> forms = forms(reported);
        if (matcher != null) {
            for (Path form : forms) {
                if (matcher.matches(form)) {
                    return true;
                }
            }
            return false;
        }
        for (Path form : forms(file)) {
            if (forms.contains(form)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return file != null ? file.toString() : pattern;
    }

    /** A path as given, absolute and normalised, and real (links followed) as far as it exists. */
    private static Set<Path> forms(Path path) {
        Set<Path> forms = new LinkedHashSet<>();
        forms.add(path);
        Path absolute = path.toAbsolutePath().normalize();
        forms.add(absolute);
        forms.add(real(absolute));
        return forms;
    }

    private static Path real(Path absolute) {
        try {
            return absolute.toRealPath();
        } catch (IOException missing) {
            Path parent = absolute.getParent();
            if (parent == null || absolute.getFileName() == null) {
                return absolute;
            }
            try {
                return parent.toRealPath().resolve(absolute.getFileName());
            } catch (IOException alsoMissing) {
                return absolute;
            }
        }
    }
}
