package dev.resilientio.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.rules.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every setting has its row, with its names and its default, in the tables of docs/configuration.md
 * and docs/spring-boot.md, so that a new setting cannot ship undocumented. The circuit breaker an
 * operation passes through is per operation only, and has no global row.
 */
class SettingsDocTest {

    private static final Path DOCS = Path.of("..", "docs");

    private static List<String> lines(String page) throws IOException {
        Path file = DOCS.resolve(page);
        assertThat(file).as("%s, from the core module's directory", file).isRegularFile();
        return Files.readAllLines(file);
    }

    /** How a table shows a default: the text in backticks, or "none" (and what none means). */
    private static String defaultCell(Setting setting) {
        return setting.defaultText() == null ? "none" : "`" + setting.defaultText() + "`";
    }

    @Test
    void everySettingHasItsRowInTheConfigurationPage() throws IOException {
        List<String> lines = lines("configuration.md");

        for (Setting setting : Setting.values()) {
            if (setting == Setting.CIRCUIT_BREAKER) {
                continue;
            }
            String row = "| `" + setting.envName() + "` | `" + setting.propertyName() + "` | " + defaultCell(setting);
            assertThat(lines).as("docs/configuration.md has a row starting %s", row)
                    .anySatisfy(line -> assertThat(line).startsWith(row));
            if (!setting.perOperation()) {
                assertThat(lines).as("its row says %s is the whole JVM's", setting.envName())
                        .anySatisfy(line -> assertThat(line).startsWith(row).endsWith("the whole JVM's |"));
            }
        }
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("| `RESILIENT_IO_<OPERATION>_CIRCUIT_BREAKER` |"));
    }

    @Test
    void everySettingHasItsRowInTheSpringBootPage() throws IOException {
        List<String> lines = lines("spring-boot.md");

        for (Setting setting : Setting.values()) {
            if (setting == Setting.CIRCUIT_BREAKER) {
                continue;
            }
            String row = "| `" + setting.propertyName() + "` | " + defaultCell(setting);
            assertThat(lines).as("docs/spring-boot.md has a row starting %s", row)
                    .anySatisfy(line -> assertThat(line).startsWith(row));
        }
    }
}
