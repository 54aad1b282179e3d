package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.rules.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.configurationmetadata.ValueHint;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The IDE metadata, read as an IDE reads it, lists every setting of the engine with its default, so
 * that a new setting cannot ship without its property.
 */
class MetadataTest {

    private static Map<String, ConfigurationMetadataProperty> properties() throws IOException {
        try (InputStream json = MetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).as("META-INF/spring-configuration-metadata.json").isNotNull();
            ConfigurationMetadataRepository repository = ConfigurationMetadataRepositoryJsonBuilder.create()
                    .withJsonResource(json).build();
            return repository.getAllProperties();
        }
    }

    @Test
    void everySettingHasAPropertyWithTheEnginesDefault() throws IOException {
        Map<String, ConfigurationMetadataProperty> properties = properties();

        for (Setting setting : Setting.values()) {
            ConfigurationMetadataProperty property = properties.get(setting.propertyName());
            assertThat(property).as("metadata of %s", setting.propertyName()).isNotNull();
            assertThat(property.getDescription()).as("description of %s", setting.propertyName()).isNotBlank();
            assertThat(property.getType()).as("type of %s", setting.propertyName()).isNotBlank();
            if (setting.defaultText() == null) {
                assertThat(property.getDefaultValue()).as("default of %s", setting.propertyName()).isNull();
            } else {
                assertThat(property.getDefaultValue()).as("default of %s", setting.propertyName()).isNotNull();
                assertThat(setting.parse("metadata", String.valueOf(property.getDefaultValue())))
                        .as("default of %s", setting.propertyName()).isEqualTo(setting.defaultValue());
            }
        }
    }

    @Test
    void theWholeJvmsSettingsSaySoAndTheLockProvidersValuesAreHinted() throws IOException {
        Map<String, ConfigurationMetadataProperty> properties = properties();

        for (Setting setting : Setting.values()) {
            assertThat(properties.get(setting.propertyName()).getDescription().contains("The whole JVM's setting"))
                    .as("the description of %s says it is the whole JVM's exactly when it has no per-operation form",
                            setting.propertyName()).isEqualTo(!setting.perOperation());
        }
        List<String> providers = properties.get(Setting.LOCK_PROVIDER.propertyName()).getHints().getValueHints().stream()
                .map(ValueHint::getValue).map(String::valueOf).toList();
        assertThat(providers).containsExactly("local", "zookeeper")
                .allSatisfy(value -> assertThat(Setting.LOCK_PROVIDER.parse("metadata", value)).isEqualTo(value));
    }

    @Test
    void operationsAndTheStartersOwnPropertiesAreListed() throws IOException {
        Map<String, ConfigurationMetadataProperty> properties = properties();

        assertThat(properties.get("resilientio.operations").getType()).startsWith("java.util.Map");
        assertThat(properties.get("resilientio.weaving-check").getDefaultValue()).isEqualTo("warn");
        assertThat(properties.get("resilientio.metrics.enabled").getDefaultValue()).isEqualTo(true);
        assertThat(properties.get("resilientio.metrics.enabled").getType()).isEqualTo("java.lang.Boolean");
        assertThat(properties).hasSize(Setting.values().length + 4);
    }

    @Test
    void circuitBreakersIsAMapWhoseKeyHintsNameEveryPerBreakerSetting() throws IOException {
        ConfigurationMetadataProperty breakers = properties().get("resilientio.circuit-breakers");

        assertThat(breakers.getType()).startsWith("java.util.Map");
        assertThat(breakers.getDescription()).contains("resilientio.circuit-breakers[tasks.share].open-duration");
        List<String> keys = breakers.getHints().getKeyHints().stream().map(ValueHint::getValue).map(String::valueOf).toList();
        String prefix = Setting.CIRCUIT_BREAKER.propertySuffix() + ".";
        for (Setting setting : Setting.values()) {
            if (setting.propertySuffix().startsWith(prefix)) {
                String key = "tasks-share." + setting.propertySuffix().substring(prefix.length());
                assertThat(keys).as("key hint of %s", setting).contains(key);
                assertThat(breakers.getDescription()).as("description names %s", setting)
                        .contains(setting.propertySuffix().substring(prefix.length()));
                // The hinted key is the one the starter maps to this setting of the breaker.
                assertThat(SpringSettings.engineName(ConfigurationPropertyName.of("resilientio.circuit-breakers." + key)))
                        .isEqualTo(setting.propertyName("tasks-share"));
            }
        }
        assertThat(keys).hasSize(5);
    }
}
