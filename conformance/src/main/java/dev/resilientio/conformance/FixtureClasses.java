package dev.resilientio.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the classes of a fixture package as the running suite holds them, from a directory (the
 * compile-time run) or from the suite's jar (the load-time and agent runs), so that a fixture added
 * later is checked without anyone remembering to list it.
 */
final class FixtureClasses {

    private FixtureClasses() {
    }

    /**
     * Loads the top-level classes directly in a package (not in its sub-packages).
     *
     * @param packageName the package, such as {@code dev.resilientio.conformance.fixtures}
     * @return the classes, sorted by name; empty when the package is not on the class path
     */
    static List<Class<?>> in(String packageName) {
        String folder = packageName.replace('.', '/');
        List<String> names = new ArrayList<>();
        try {
            for (URL root : Collections.list(FixtureClasses.class.getClassLoader().getResources(folder))) {
                if (root.getProtocol().equals("jar")) {
                    JarURLConnection connection = (JarURLConnection) root.openConnection();
                    // An uncached copy: closing a cached one would close it under other readers of the jar.
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(JarEntry::getName)
                                .filter(name -> name.startsWith(folder + "/"))
                                .map(name -> name.substring(folder.length() + 1))
                                .forEach(names::add);
                    }
                } else {
                    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                        files.map(file -> file.getFileName().toString()).forEach(names::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of " + packageName, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the classes of " + packageName, e);
        }
        return names.stream()
                .filter(name -> name.endsWith(".class") && !name.contains("/") && !name.contains("$")
                        && !name.equals("package-info.class"))
                .sorted()
                .distinct()
                .<Class<?>>map(name -> load(packageName + "." + name.substring(0, name.length() - ".class".length())))
                .toList();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("listed but not loadable: " + name, e);
        }
    }
}
