package dev.resilientio.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small REST service that keeps named lists of entries in JSON files, one file per list, through
 * the annotated methods of {@link TallyStore}. Run it as a fat jar under resilient-io's agent or
 * woven at compile time; docs/spring-boot.md says how.
 */
@SpringBootApplication
public class TallyApplication {

    /** Spring creates the one instance. */
    public TallyApplication() {
    }

    /**
     * Starts the service.
     *
     * @param args Spring Boot's command line ({@code --server.port=0}, {@code --example.data-dir=...})
     */
    public static void main(String[] args) {
        SpringApplication.run(TallyApplication.class, args);
    }
}
