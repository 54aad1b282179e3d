package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

/** The weaving check's view of bean classes it cannot read. */
class AnnotatedBeansTest {

    @RegisterExtension
    final PrintedOutput output = new PrintedOutput();

    @Test
    void aBeanClassWhoseMethodsUseAMissingTypeIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
        // Compiled here, then its dependency deleted: the class loads, but its methods cannot be read.
        write(dir.resolve("missing/Dep.java"), "package missing; public class Dep {}");
        write(dir.resolve("skipped/Store.java"), "package skipped; public class Store { public void save(missing.Dep dep) {} }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), dir.resolve("missing/Dep.java").toString(),
                dir.resolve("skipped/Store.java").toString())).isZero();
        Files.delete(dir.resolve("missing/Dep.class"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
            RootBeanDefinition definition = new RootBeanDefinition(loader.loadClass("skipped.Store"));
            definition.setLazyInit(true);
            beanFactory.registerBeanDefinition("store", definition);

            assertThat(AnnotatedBeans.find(beanFactory)).isEmpty();
        }

        assertThat(output.toString()).contains("WARN")
                .contains("resilient-io's weaving check skipped the bean class skipped.Store")
                .contains("missing/Dep")
                .contains("Add the missing dependency, or set resilientio.weaving-check=off");
    }

    private static void write(Path file, String source) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
    }
}
