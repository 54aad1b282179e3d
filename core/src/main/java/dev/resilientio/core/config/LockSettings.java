package dev.resilientio.core.config;

import dev.resilientio.core.rules.LockProviderRules;
import dev.resilientio.core.rules.Setting;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How this JVM locks files across processes and hosts: the provider chosen by
 * {@code RESILIENT_IO_LOCK_PROVIDER} and its settings, as one snapshot of the configuration holds
 * them ({@link ResilientIoConfig#locks()}).
 *
 * @param provider {@code local} or {@code zookeeper}
 * @param providerSource where the provider was chosen, for messages, such as {@code RESILIENT_IO_LOCK_PROVIDER}
 * @param connect the ZooKeeper ensemble's address, or {@code null} when not set
 * @param connectSource where the address was set, such as {@code RESILIENT_IO_ZOOKEEPER_CONNECT}; {@code null} when not set
 * @param namespace the ZooKeeper node under which the locks live
 * @param sessionTimeout the ZooKeeper session timeout asked for
 * @param osLocks whether the OS lock file is taken too
 * @param sharedRoot the directory lock keys are relative to, or {@code null}: keys are real paths
 */
public record LockSettings(String provider, String providerSource, String connect, String connectSource,
        String namespace, Duration sessionTimeout, boolean osLocks, Path sharedRoot) {

    /**
     * Tells whether the JVM's registry and the OS lock file alone lock files: no provider across hosts.
     *
     * @return {@code true} for the {@code local} provider
     */
    public boolean isLocal() {
        return LockProviderRules.LOCAL.equals(provider);
    }

    /**
     * Names where the ensemble's address is set, or where it would be, for messages.
     *
     * @return such as {@code RESILIENT_IO_ZOOKEEPER_CONNECT (system property resilientio.zookeeper.connect)}
     */
    public String connectSetting() {
        String variable = Setting.ZOOKEEPER_CONNECT.envName();
        return connectSource == null || connectSource.equals(variable) ? variable : variable + " (" + connectSource + ")";
    }
}
