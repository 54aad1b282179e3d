package dev.resilientio.core.weaving;

import dev.resilientio.annotations.AtomicWrite;
import dev.resilientio.annotations.FileLocked;
import dev.resilientio.annotations.RetryFileOperation;
import dev.resilientio.core.atomic.AtomicSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.retry.RetrySettings;
import java.time.Duration;

/** The settings a configuration gives one annotated operation, as the weaving resolves them: for configuration tests. */
public final class SettingsOf {

    private SettingsOf() {
    }

    /**
     * The retry settings of an operation with an annotation.
     *
     * @param config the configuration
     * @param operation the operation name, or {@code null} for the global settings
     * @param annotation the annotation, or {@code null}
     * @return the settings
     */
    public static RetrySettings retry(ResilientIoConfig config, String operation, RetryFileOperation annotation) {
        return config.operation(operation, AnnotationSettings.of(annotation, null, null)).retry();
    }

    /**
     * The lock timeout of an operation with an annotation.
     *
     * @param config the configuration
     * @param operation the operation name, or {@code null} for the global settings
     * @param annotation the annotation, or {@code null}
     * @return the timeout
     */
    public static Duration lockTimeout(ResilientIoConfig config, String operation, FileLocked annotation) {
        return config.operation(operation, AnnotationSettings.of(null, annotation, null)).lockTimeout();
    }

    /**
     * The atomic-write settings of an operation with an annotation.
     *
     * @param config the configuration
     * @param operation the operation name, or {@code null} for the global settings
     * @param annotation the annotation, or {@code null}
     * @return the settings
     */
    public static AtomicSettings atomic(ResilientIoConfig config, String operation, AtomicWrite annotation) {
        return config.operation(operation, AnnotationSettings.of(null, null, annotation)).atomic();
    }

    /**
     * The deadline of an operation with an annotation.
     *
     * @param config the configuration
     * @param operation the operation name, or {@code null} for the global settings
     * @param annotation the annotation, or {@code null}
     * @return the deadline, or {@code null} for none
     */
    public static Duration maxDuration(ResilientIoConfig config, String operation, RetryFileOperation annotation) {
        return config.operation(operation, AnnotationSettings.of(annotation, null, null)).maxDuration();
    }
}
