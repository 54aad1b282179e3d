package dev.resilientio.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the plain (javac, unwoven) copy of the subjects from {@code target/plain-subjects}, ahead of
 * the woven copy on the class path, so that only an agent can apply their annotations. Everything
 * else (the interfaces, core) comes from the class path as usual.
 */
final class SubjectLoader extends URLClassLoader {

    private static final String SUBJECTS = "dev.resilientio.benchmarks.subjects.";

    private SubjectLoader(URL plainSubjects, ClassLoader parent) {
        super(new URL[] {plainSubjects}, parent);
    }

    /**
     * Creates an instance of a plain subject.
     *
     * @param simpleName the subject's simple name, such as {@code RetrySubject}
     * @param type the interface it implements
     * @return the instance, its class loaded by a new loader
     */
    static <T> T plainInstance(String simpleName, Class<T> type) {
        Path directory = Path.of(System.getProperty("bench.plainSubjects", "target/plain-subjects")).toAbsolutePath();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("The plain copy of the subjects is missing at " + directory
                    + "; build it with ./mvnw -o -B package -pl benchmarks -am -DskipTests and run from benchmarks/");
        }
        try {
            SubjectLoader loader = new SubjectLoader(directory.toUri().toURL(), SubjectLoader.class.getClassLoader());
            return type.cast(loader.loadClass(SUBJECTS + simpleName).getConstructor().newInstance());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("Bad path to the plain subjects " + directory, e));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create the plain subject " + simpleName + " from " + directory
                    + "; rebuild the benchmarks module", e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(SUBJECTS)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
