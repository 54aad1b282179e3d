package dev.resilientio.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's hidden classes: its own code and its relocated Byte Buddy, which the agent jar
 * keeps under {@code inst/} as {@code .classdata} entries, where no other class loader (nor a tool
 * that scans the class path for {@code .class} files) finds them. Everything else, the engine
 * first, comes from the parent: the loader of the agent jar. Written by hand because the JDK has no
 * class loader over a directory inside a jar.
 */
final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "inst/";
    static final String SUFFIX = ".classdata";
    /** The entry that tells a jar holding the hidden classes from the agent's own classes directory. */
    private static final String INSTALLER_ENTRY = "dev/resilientio/agent/internal/AgentInstaller" + SUFFIX;

    private static volatile ClassLoader shared;

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final ProtectionDomain domain;

    private AgentClassLoader(JarFile jar, ClassLoader parent) {
        super("resilient-io-agent", parent);
        this.jar = jar;
        // No code source: the jar's location would point at entries these classes are not under. Byte Buddy's
        // self-attach then copies the class files it starts another JVM with from this loader's resources.
        this.domain = new ProtectionDomain(null, null, this, null);
    }

    /**
     * The loader of the agent's hidden classes, one per JVM: over the jar the given class came from
     * when it holds them, else (the agent's own build and unit tests, from a classes directory) the
     * class's own loader.
     */
    static ClassLoader of(Class<?> bootstrap) throws IOException {
        ClassLoader known = shared;
        if (known != null) {
            return known;
        }
        synchronized (AgentClassLoader.class) {
            if (shared == null) {
                shared = create(bootstrap);
            }
            return shared;
        }
    }

    private static ClassLoader create(Class<?> bootstrap) throws IOException {
        ClassLoader parent = bootstrap.getClassLoader();
        CodeSource source = bootstrap.getProtectionDomain().getCodeSource();
        Path location;
        try {
            location = source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            location = null;
        }
        if (location == null || !Files.isRegularFile(location)) {
            return parent;
        }
        JarFile jar = new JarFile(location.toFile(), false);
        if (jar.getEntry(PREFIX + INSTALLER_ENTRY) == null) {
            jar.close();
            return parent;
        }
        return new AgentClassLoader(jar, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + SUFFIX);
                // Its own classes first: an application's copy on the class path must never stand in for them.
                loaded = entry != null ? define(name, entry) : super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " (unreadable in the agent jar " + jar.getName() + ")", e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String packageName = name.substring(0, dot);
            if (getDefinedPackage(packageName) == null) {
                try {
                    definePackage(packageName, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException definedMeanwhile) {
                    // Another thread defined it first.
                }
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    @Override
    protected URL findResource(String name) {
        String hidden = name.endsWith(".class") ? name.substring(0, name.length() - ".class".length()) + SUFFIX : name;
        JarEntry entry = jar.getJarEntry(PREFIX + hidden);
        if (entry == null) {
            return null;
        }
        try {
            return new URL("jar:" + Path.of(jar.getName()).toUri() + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
