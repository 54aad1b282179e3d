package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.config.ApplicationSettings;
import dev.resilientio.core.config.LockSettings;
import dev.resilientio.core.config.ResilientIoConfig;
import dev.resilientio.core.rules.LockProviderRules;
import dev.resilientio.core.rules.Setting;
import dev.resilientio.core.testsupport.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings that choose and configure the lock provider: what each accepts, how a bad value is
 * reported from each source, their precedence, and that they are the whole JVM's, never an operation's.
 */
class LockProviderSettingsTest {

    /** The six settings of the lock provider; none has a per-operation form. */
    private static final Setting[] LOCK_SETTINGS = {Setting.LOCK_PROVIDER, Setting.ZOOKEEPER_CONNECT,
        Setting.ZOOKEEPER_NAMESPACE, Setting.ZOOKEEPER_SESSION_TIMEOUT, Setting.LOCK_OS, Setting.LOCK_SHARED_ROOT};

    @RegisterExtension
    final LogCapture log = LogCapture.of(ResilientIoConfig.class);

    static Stream<Arguments> badValues() {
        String connect = LockProviderRules.CONNECT_ALLOWED;
        String namespace = LockProviderRules.NAMESPACE_ALLOWED;
        String session = LockProviderRules.SESSION_TIMEOUT_ALLOWED;
        return Stream.of(
                Arguments.of(Setting.LOCK_PROVIDER, "nfs", LockProviderRules.PROVIDER_ALLOWED),
                Arguments.of(Setting.LOCK_PROVIDER, "", LockProviderRules.PROVIDER_ALLOWED),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, ":2181", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1:0", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1:65536", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1:2181,", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1:2181/", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "zk1:2181/apps/../etc", connect),
                Arguments.of(Setting.ZOOKEEPER_CONNECT, "", connect),
                Arguments.of(Setting.ZOOKEEPER_NAMESPACE, "/resilient-io", namespace),
                Arguments.of(Setting.ZOOKEEPER_NAMESPACE, "prod//tasks", namespace),
                Arguments.of(Setting.ZOOKEEPER_NAMESPACE, "..", namespace),
                Arguments.of(Setting.ZOOKEEPER_NAMESPACE, "tasks prod", namespace),
                Arguments.of(Setting.ZOOKEEPER_NAMESPACE, "n".repeat(101), namespace),
                Arguments.of(Setting.ZOOKEEPER_SESSION_TIMEOUT, "15", session),
                Arguments.of(Setting.ZOOKEEPER_SESSION_TIMEOUT, "999ms", session),
                Arguments.of(Setting.ZOOKEEPER_SESSION_TIMEOUT, "11m", session),
                Arguments.of(Setting.LOCK_OS, "no", "true or false"),
                Arguments.of(Setting.LOCK_SHARED_ROOT, "mnt/share", LockProviderRules.SHARED_ROOT_ALLOWED),
                Arguments.of(Setting.LOCK_SHARED_ROOT, " ", LockProviderRules.SHARED_ROOT_ALLOWED));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("badValues")
    void aBadValueFailsTheSnapshotNamingItsSourceTheValueAndWhatIsAllowed(Setting setting, String value, String allowed) {
        String tail = "='" + value + "' is not allowed: expected " + allowed;
        ApplicationSettings application = ApplicationSettings.builder()
                .set(setting.propertyName(), value, "application property " + setting.propertyName() + " (application.yml)")
                .build();

        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(setting.envName(), value), Map.of()))
                .isInstanceOf(ResilientIoConfigException.class).hasMessage(setting.envName() + tail);
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(setting.propertyName(), value)))
                .isInstanceOf(ResilientIoConfigException.class).hasMessage("system property " + setting.propertyName() + tail);
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of(), Map.of(), application))
                .isInstanceOf(ResilientIoConfigException.class)
                .hasMessage("application property " + setting.propertyName() + " (application.yml)" + tail);
    }

    @Test
    void withNothingSetFilesAreLockedLocallyWithTheOsLockFile() {
        LockSettings locks = ResilientIoConfig.from(Map.of(), Map.of()).locks();

        assertThat(locks).isEqualTo(new LockSettings("local", "the built-in default of RESILIENT_IO_LOCK_PROVIDER", null,
                null, "resilient-io", Duration.ofSeconds(15), true, null));
        assertThat(locks.isLocal()).isTrue();
        assertThat(locks.connectSetting()).isEqualTo("RESILIENT_IO_ZOOKEEPER_CONNECT");
    }

    @Test
    void goodValuesAreReadAsWritten() {
        LockSettings locks = ResilientIoConfig.from(Map.of(
                "RESILIENT_IO_LOCK_PROVIDER", " ZooKeeper ",
                "RESILIENT_IO_ZOOKEEPER_CONNECT", " zk1:2181,[::1]:2182,10.0.0.3:2183/apps/tasks ",
                "RESILIENT_IO_ZOOKEEPER_NAMESPACE", "prod/tasks-v2",
                "RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT", "PT30S",
                "RESILIENT_IO_LOCK_OS", "false",
                "RESILIENT_IO_LOCK_SHARED_ROOT", "/mnt/./share/../share/"), Map.of()).locks();

        assertThat(locks).isEqualTo(new LockSettings("zookeeper", "RESILIENT_IO_LOCK_PROVIDER",
                "zk1:2181,[::1]:2182,10.0.0.3:2183/apps/tasks", "RESILIENT_IO_ZOOKEEPER_CONNECT", "prod/tasks-v2",
                Duration.ofSeconds(30), false, Path.of("/mnt/share")));
        assertThat(locks.isLocal()).isFalse();
    }

    @Test
    void theSessionTimeoutTakesItsBoundsAndNothingPastThem() {
        assertThat(ResilientIoConfig.from(Map.of("RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT", "1s"), Map.of())
                .locks().sessionTimeout()).isEqualTo(LockProviderRules.SHORTEST_SESSION_TIMEOUT);
        assertThat(ResilientIoConfig.from(Map.of("RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT", "10m"), Map.of())
                .locks().sessionTimeout()).isEqualTo(LockProviderRules.LONGEST_SESSION_TIMEOUT);
        assertThatThrownBy(() -> ResilientIoConfig.from(Map.of("RESILIENT_IO_ZOOKEEPER_SESSION_TIMEOUT", "601s"), Map.of()))
                .hasMessageContaining("from 1s to 10m");
    }

    /** One setting's winning and losing text, and the value the winner gives. */
    record Precedence(Setting setting, String winner, String loser, Object expected, Function<LockSettings, Object> read) {
        @Override
        public String toString() {
            return setting.envName();
        }
    }

    static Stream<Precedence> precedence() {
        return Stream.of(
                new Precedence(Setting.LOCK_PROVIDER, "zookeeper", "local", "zookeeper", LockSettings::provider),
                new Precedence(Setting.ZOOKEEPER_CONNECT, "winner:2181", "loser:2181", "winner:2181", LockSettings::connect),
                new Precedence(Setting.ZOOKEEPER_NAMESPACE, "winner", "loser", "winner", LockSettings::namespace),
                new Precedence(Setting.ZOOKEEPER_SESSION_TIMEOUT, "7s", "9s", Duration.ofSeconds(7),
                        LockSettings::sessionTimeout),
                new Precedence(Setting.LOCK_OS, "false", "true", false, LockSettings::osLocks),
                new Precedence(Setting.LOCK_SHARED_ROOT, "/winner", "/loser", Path.of("/winner"), LockSettings::sharedRoot));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void theSystemPropertyWinsOverTheVariableWhichWinsOverTheApplicationsProperty(Precedence c) {
        Map<String, String> property = Map.of(c.setting().propertyName(), c.winner());
        Map<String, String> loserProperty = Map.of(c.setting().propertyName(), c.loser());
        Map<String, String> variable = Map.of(c.setting().envName(), c.winner());
        Map<String, String> loserVariable = Map.of(c.setting().envName(), c.loser());
        ApplicationSettings application = application(c.setting(), c.winner());
        ApplicationSettings loserApplication = application(c.setting(), c.loser());

        assertThat(c.read().apply(ResilientIoConfig.from(loserVariable, property, loserApplication).locks()))
                .as("system property over variable and application").isEqualTo(c.expected());
        assertThat(c.read().apply(ResilientIoConfig.from(variable, Map.of(), loserApplication).locks()))
                .as("variable over application").isEqualTo(c.expected());
        assertThat(c.read().apply(ResilientIoConfig.from(Map.of(), Map.of(), application).locks()))
                .as("application alone").isEqualTo(c.expected());
        assertThat(c.read().apply(ResilientIoConfig.from(Map.of(), loserProperty).locks()))
                .as("the loser's value is read too, so the checks above tell the sources apart").isNotEqualTo(c.expected());
    }

    @Test
    void theProviderAndTheAddressRememberWhereTheyWereSetForMessages() {
        LockSettings fromProperty = ResilientIoConfig.from(Map.of("RESILIENT_IO_ZOOKEEPER_CONNECT", "env:2181"),
                Map.of("resilientio.lock.provider", "zookeeper", "resilientio.zookeeper.connect", "property:2181")).locks();
        LockSettings fromApplication = ResilientIoConfig.from(Map.of(), Map.of(),
                application(Setting.ZOOKEEPER_CONNECT, "app:2181")).locks();

        assertThat(fromProperty.providerSource()).isEqualTo("system property resilientio.lock.provider");
        assertThat(fromProperty.connectSource()).isEqualTo("system property resilientio.zookeeper.connect");
        assertThat(fromProperty.connectSetting())
                .isEqualTo("RESILIENT_IO_ZOOKEEPER_CONNECT (system property resilientio.zookeeper.connect)");
        assertThat(fromApplication.connectSetting())
                .isEqualTo("RESILIENT_IO_ZOOKEEPER_CONNECT (application property resilientio.zookeeper.connect)");
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"LOCK_PROVIDER", "ZOOKEEPER_CONNECT", "ZOOKEEPER_NAMESPACE",
        "ZOOKEEPER_SESSION_TIMEOUT", "LOCK_OS", "LOCK_SHARED_ROOT"})
    void aPerOperationVariableOfAJvmWideSettingIsReportedUnknownPointingAtTheGlobalNameAndIgnored(Setting setting) {
        String variable = setting.envName("LockProviderSettingsTest.env");
        Map<String, String> environment = Map.of(variable, good(setting));

        ResilientIoConfig config = ResilientIoConfig.from(environment, Map.of());

        assertThat(setting.perOperation()).isFalse();
        assertThat(log.warnings()).singleElement().asString()
                .contains("environment variable " + variable + " names no setting of resilient-io and is ignored")
                .contains(setting.envName() + " is the whole JVM's setting")
                .contains("Set " + setting.envName() + " instead");
        assertThat(config.locks()).isEqualTo(ResilientIoConfig.from(Map.of(), Map.of()).locks());
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"LOCK_PROVIDER", "ZOOKEEPER_CONNECT", "ZOOKEEPER_NAMESPACE",
        "ZOOKEEPER_SESSION_TIMEOUT", "LOCK_OS", "LOCK_SHARED_ROOT"})
    void aPerOperationPropertyOrApplicationSettingOfAJvmWideSettingIsReportedTheSameWay(Setting setting) {
        String property = setting.propertyName("LockProviderSettingsTest.prop");
        String springForm = "resilientio.operations[LockProviderSettingsTest.spring]." + setting.propertySuffix();
        String applied = setting.propertyName("LockProviderSettingsTest.app");
        ApplicationSettings application = ApplicationSettings.builder()
                .set(applied, good(setting), "application property resilientio.operations.LockProviderSettingsTest.app."
                        + setting.propertySuffix())
                .build();

        ResilientIoConfig config = ResilientIoConfig.from(Map.of(), Map.of(property, good(setting), springForm,
                good(setting)), application);

        assertThat(log.warnings()).hasSize(3).allSatisfy(warning -> assertThat(warning)
                        .contains(setting.propertyName() + " is the whole JVM's setting")
                        .contains("Set " + setting.propertyName() + " instead"))
                .anySatisfy(warning -> assertThat(warning).contains("system property " + property + " names no setting"))
                .anySatisfy(warning -> assertThat(warning).contains("system property " + springForm + " names no setting"))
                .anySatisfy(warning -> assertThat(warning).contains("application property resilientio.operations."
                        + "LockProviderSettingsTest.app." + setting.propertySuffix() + " names no setting"));
        assertThat(config.locks()).isEqualTo(ResilientIoConfig.from(Map.of(), Map.of()).locks());
    }

    @Test
    void theGlobalNamesOfTheLockSettingsAreKnown() {
        Map<String, String> environment = new HashMap<>();
        for (Setting setting : LOCK_SETTINGS) {
            environment.put(setting.envName(), good(setting));
        }

        ResilientIoConfig.from(environment, Map.of());

        assertThat(log.warnings()).isEmpty();
    }

    /** A good value of a setting that differs from its default, so that applying it would show. */
    private static String good(Setting setting) {
        return switch (setting) {
            case LOCK_PROVIDER -> "zookeeper";
            case ZOOKEEPER_CONNECT -> "zk1:2181";
            case ZOOKEEPER_NAMESPACE -> "other";
            case ZOOKEEPER_SESSION_TIMEOUT -> "30s";
            case LOCK_OS -> "false";
            case LOCK_SHARED_ROOT -> "/mnt/share";
            default -> throw new IllegalArgumentException(setting.name());
        };
    }

    private static ApplicationSettings application(Setting setting, String value) {
        return ApplicationSettings.builder()
                .set(setting.propertyName(), value, "application property " + setting.propertyName())
                .build();
    }
}
