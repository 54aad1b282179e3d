package dev.resilientio.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the file an annotated method works on.
 *
 * <p>On a parameter (of type {@link java.nio.file.Path}, {@link java.io.File} or {@link String}) it
 * names the target of {@link RetryFileOperation}, {@link FileLocked} and {@link AtomicWrite}, and
 * it is needed when a method has two or more {@code Path}/{@code File} parameters. On a field or a
 * no-argument method of the declaring class (Kotlin: {@code @field:TargetFile} or
 * {@code @get:TargetFile}) it names the target of {@link FileLocked} and {@link RetryFileOperation}
 * methods that have no file parameter; {@link AtomicWrite} always needs a parameter to redirect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface TargetFile {
}
