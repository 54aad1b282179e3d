package dev.resilientio.core.rules;

import dev.resilientio.core.ResilientIoConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules of the settings that choose and configure the lock provider ({@link Setting#LOCK_PROVIDER}
 * and the ZooKeeper ones), like {@link SettingRules} for the others.
 */
public final class LockProviderRules {

    /** The provider that locks with the JVM's registry and the OS lock file alone. */
    public static final String LOCAL = "local";
    /** The provider of {@code resilient-io-zookeeper}. */
    public static final String ZOOKEEPER = "zookeeper";
    /** What the provider allows. */
    public static final String PROVIDER_ALLOWED = LOCAL + " or " + ZOOKEEPER;
    /** What the ensemble's address allows. */
    public static final String CONNECT_ALLOWED = "host:port[,host:port...] with an optional /chroot at the end,"
            + " such as zk1:2181,zk2:2181,zk3:2181";
    /** What a namespace allows. */
    public static final String NAMESPACE_ALLOWED = "1 to 100 letters, digits, '-', '_' or '.', in parts"
            + " separated by '/', with no part '.' or '..', such as resilient-io or prod/tasks";
    /** The shortest session timeout: a shorter one expires on a GC pause of a healthy client. */
    public static final Duration SHORTEST_SESSION_TIMEOUT = Duration.ofSeconds(1);
    /** The longest session timeout: a lock of a dead host stays held that long. */
    public static final Duration LONGEST_SESSION_TIMEOUT = Duration.ofMinutes(10);
    /** What a session timeout allows. */
    public static final String SESSION_TIMEOUT_ALLOWED = Durations.ALLOWED + ", from "
            + Durations.format(SHORTEST_SESSION_TIMEOUT) + " to " + Durations.format(LONGEST_SESSION_TIMEOUT)
            + " (the ensemble narrows it to between 2 and 20 of its ticks)";
    /** What a shared root allows. */
    public static final String SHARED_ROOT_ALLOWED = "an absolute directory, such as /mnt/share";

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^\\s,:/\\[\\]]+):([0-9]{1,5})");
    private static final Pattern NAMESPACE_PART = Pattern.compile("[A-Za-z0-9._-]+");

    private LockProviderRules() {
    }

    /**
     * Parses the lock provider's name.
     *
     * @param setting the name of the setting, for the message
     * @param text the text, case and surrounding white space ignored
     * @return {@link #LOCAL} or {@link #ZOOKEEPER}
     * @throws ResilientIoConfigException for any other name
     */
    public static String parseProvider(String setting, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals(LOCAL) || value.equals(ZOOKEEPER)) {
            return value;
        }
        throw SettingRules.invalid(setting, text, PROVIDER_ALLOWED);
    }

    /**
     * Parses the address of a ZooKeeper ensemble.
     *
     * @param setting the name of the setting, for the message
     * @param text such as {@code zk1:2181,zk2:2181/apps}
     * @return the address, white space around it removed
     * @throws ResilientIoConfigException when a server lacks a host or a port from 1 to 65535
     */
    public static String parseConnect(String setting, String text) {
        String value = text.strip();
        int chroot = value.indexOf('/');
        String servers = chroot < 0 ? value : value.substring(0, chroot);
        if (servers.isEmpty() || (chroot >= 0 && !validChroot(value.substring(chroot)))) {
            throw SettingRules.invalid(setting, text, CONNECT_ALLOWED);
        }
        for (String server : servers.split(",", -1)) {
            var matcher = HOST_PORT.matcher(server.strip());
            if (!matcher.matches()) {
                throw SettingRules.invalid(setting, text, CONNECT_ALLOWED);
            }
            int port = Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65_535) {
                throw SettingRules.invalid(setting, text, CONNECT_ALLOWED);
            }
        }
        return value;
    }

    private static boolean validChroot(String chroot) {
        return chroot.length() > 1 && validParts(chroot.substring(1));
    }

    /**
     * Parses the node under which the locks live.
     *
     * @param setting the name of the setting, for the message
     * @param text such as {@code resilient-io}
     * @return the namespace
     * @throws ResilientIoConfigException when it is not of {@link #NAMESPACE_ALLOWED}
     */
    public static String parseNamespace(String setting, String text) {
        String value = text.strip();
        if (value.isEmpty() || value.length() > 100 || !validParts(value)) {
            throw SettingRules.invalid(setting, text, NAMESPACE_ALLOWED);
        }
        return value;
    }

    private static boolean validParts(String path) {
        for (String part : path.split("/", -1)) {
            if (!NAMESPACE_PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the ZooKeeper session timeout.
     *
     * @param setting the name of the setting, for the message
     * @param text a duration, such as {@code 15s}
     * @return the timeout
     * @throws ResilientIoConfigException when outside {@link #SESSION_TIMEOUT_ALLOWED}
     */
    public static Duration parseSessionTimeout(String setting, String text) {
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw SettingRules.invalid(setting, text, SESSION_TIMEOUT_ALLOWED);
        }
        if (value.compareTo(SHORTEST_SESSION_TIMEOUT) < 0 || value.compareTo(LONGEST_SESSION_TIMEOUT) > 0) {
            throw SettingRules.invalid(setting, text, SESSION_TIMEOUT_ALLOWED);
        }
        return value;
    }

    /**
     * Parses the root that lock keys are relative to.
     *
     * @param setting the name of the setting, for the message
     * @param text an absolute directory
     * @return the directory, normalised
     * @throws ResilientIoConfigException when blank, not a path, or not absolute
     */
    public static Path parseSharedRoot(String setting, String text) {
        String value = text.strip();
        Path root;
        try {
            root = Path.of(value);
        } catch (InvalidPathException e) {
            throw SettingRules.invalid(setting, text, SHARED_ROOT_ALLOWED);
        }
        if (value.isEmpty() || !root.isAbsolute()) {
            throw SettingRules.invalid(setting, text, SHARED_ROOT_ALLOWED);
        }
        return root.normalize();
    }
}
