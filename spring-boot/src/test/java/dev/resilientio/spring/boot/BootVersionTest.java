package dev.resilientio.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** The tests run once on each Spring Boot the starter supports: this one tells which the run really has. */
class BootVersionTest {

    @Test
    void theRunHasTheBootItWasMeantFor() {
        String expected = System.getProperty("resilientio.test.boot-version");

        assertThat(expected).as("resilientio.test.boot-version, set by the build").isNotBlank();
        assertThat(SpringBootVersion.getVersion()).isEqualTo(expected);
        assertThat(SpringVersion.getVersion()).startsWith(expected.startsWith("3.") ? "6.2." : "7.0.");
        assertThat(MeterRegistry.class.getPackage().getImplementationVersion()).as("the Micrometer of that Boot's BOM")
                .startsWith(expected.startsWith("3.") ? "1.15." : "1.16.");
    }
}
