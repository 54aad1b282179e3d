package dev.resilientio.spring.boot;

import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.config.OperationSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.rules.Durations;
import dev.resilientio.core.weaving.AnnotatedMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code resilientio}: whether resilient-io is enabled and, for each annotated
 * method of the application's beans, its operation name, whether it is woven and the settings it runs
 * with as the configuration resolves them now (environment variables, system properties, application
 * properties, its annotations' attributes), the circuit breakers of the JVM with their state, and how
 * files are locked across processes and hosts. Sections that {@link ResilientIoEndpointContributor} beans
 * add appear under {@code extensions}. Thread-safe: each read resolves afresh.
 */
@Endpoint(id = "resilientio")
public class ResilientIoEndpoint {

    private final ConfigurableListableBeanFactory beanFactory;
    private final ObjectProvider<ResilientIoEndpointContributor> contributors;

    /**
     * Creates the endpoint.
     *
     * @param beanFactory the application's bean factory, whose beans are reported
     * @param contributors the beans that add sections under {@code extensions}
     */
    public ResilientIoEndpoint(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<ResilientIoEndpointContributor> contributors) {
        this.beanFactory = beanFactory;
        this.contributors = contributors;
    }

    /**
     * Reports resilient-io's state.
     *
     * @return the report
     */
    @ReadOperation
    public Report report() {
        ResilientIoConfig config = ResilientIoConfig.global();
        List<OperationReport> operations = new ArrayList<>();
        for (AnnotatedBeans.BeanMethod method : AnnotatedBeans.find(beanFactory)) {
            AnnotatedMethod annotated = AnnotatedMethod.of(method.method());
            SettingsReport settings = null;
            String error = null;
            try {
                settings = SettingsReport.of(annotated.settings(config));
            } catch (RuntimeException e) {
                // A bad per-operation value fails only that operation's calls; show it, not a failed endpoint.
                error = e.getMessage();
            }
            operations.add(new OperationReport(annotated.operation(), method.signature(), method.beans(),
                    method.annotations(), WeavingCheckRunner.isWoven(method.method()), settings, error));
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        contributors.orderedStream().forEach(c -> extensions.put(c.name(), c.contribution()));
        return new Report(config.enabled(), operations, CircuitBreakerReport.all(config), LockReport.of(config.locks()),
                extensions);
    }

    /**
     * What the endpoint reports.
     *
     * @param enabled whether the annotations are active ({@code resilientio.enabled})
     * @param operations each annotated bean method, sorted by class and method
     * @param circuitBreakers the circuit breakers of this JVM, sorted by name, from the first call that names each
     * @param locks how this JVM locks files across processes and hosts
     * @param extensions the sections of {@link ResilientIoEndpointContributor} beans, by name
     */
    public record Report(boolean enabled, List<OperationReport> operations, List<CircuitBreakerReport> circuitBreakers,
            LockReport locks, Map<String, Object> extensions) {
    }

    /**
     * How the JVM locks files across processes and hosts: the lock provider and its settings, the
     * whole JVM's (no operation has its own).
     *
     * @param provider {@code local} (this JVM's registry and the OS lock file) or {@code zookeeper}
     * @param connect the ZooKeeper ensemble's address, or {@code null} when not set
     * @param namespace the ZooKeeper node under which the locks live
     * @param sessionTimeout the ZooKeeper session timeout asked for, such as {@code 15s}
     * @param osLocks whether the OS lock file is taken too ({@code resilientio.lock.os})
     * @param sharedRoot the directory lock keys are relative to, or {@code null}: keys are real paths
     */
    public record LockReport(String provider, String connect, String namespace, String sessionTimeout, boolean osLocks,
            String sharedRoot) {

        static LockReport of(LockSettings locks) {
            return new LockReport(locks.provider(), locks.connect(), locks.namespace(),
                    Durations.format(locks.sessionTimeout()), locks.osLocks(),
                    locks.sharedRoot() == null ? null : locks.sharedRoot().toString());
        }
    }

    /**
     * One annotated bean method.
     *
     * @param operation its operation name, which keys its per-operation settings
     * @param method the method, such as {@code com.example.TaskStore.save(Path)}
     * @param beans the beans that have it
     * @param annotations its resilient-io annotations, such as {@code RetryFileOperation}
     * @param woven whether a weaving reaches it; when not, its annotations do nothing
     * @param settings the settings it runs with; {@code null} when they cannot be resolved
     * @param error why they cannot be resolved; {@code null} when they can
     */
    public record OperationReport(String operation, String method, List<String> beans, List<String> annotations,
            boolean woven, SettingsReport settings, String error) {
    }

    /**
     * The settings one operation runs with.
     *
     * @param maxAttempts total attempts, the first included
     * @param initialDelay the delay before the second attempt, such as {@code 100ms}
     * @param maxDelay the cap on any one delay
     * @param multiplier the growth factor of the delay
     * @param jitter the share of each delay taken off at random, 0.0 to 1.0
     * @param maxDuration the deadline of one call, or {@code none}
     * @param lockTimeout how long a lock is waited for
     * @param backups the rotating backups an atomic write keeps
     * @param durability {@code fsync} or {@code none}
     */
    public record SettingsReport(int maxAttempts, String initialDelay, String maxDelay, double multiplier,
            double jitter, String maxDuration, String lockTimeout, int backups, String durability) {

        static SettingsReport of(OperationSettings settings) {
            return new SettingsReport(settings.retry().maxAttempts(), Durations.format(settings.retry().initialDelay()),
                    Durations.format(settings.retry().maxDelay()), settings.retry().multiplier(), settings.retry().jitter(),
                    settings.maxDuration() == null ? "none" : Durations.format(settings.maxDuration()),
                    Durations.format(settings.lockTimeout()), settings.atomic().backups(),
                    settings.atomic().durability().name().toLowerCase(Locale.ROOT));
        }
    }
}
