package dev.resilientio.examples.boot;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes a tally as JSON with the application's Jackson 3 mapper (Spring Boot 4). Jackson 3
 * wraps IO errors in unchecked exceptions; resilient-io classifies them by the IO error inside, so
 * they are retried like a plain {@link IOException}. Thread-safe.
 */
@Component
public class TallyJson {

    private final JsonMapper mapper;

    /**
     * Creates the codec.
     *
     * @param mapper the application's JSON mapper, as Spring Boot configures it
     */
    public TallyJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads a tally.
     *
     * @param file a JSON file
     * @return its content
     * @throws IOException never from Jackson 3 itself, which throws unchecked; declared for the Jackson 2 variant
     */
    public Tally read(Path file) throws IOException {
        return mapper.readValue(file, Tally.class);
    }

    /**
     * Writes a tally, replacing the file's content.
     *
     * @param file the file to write
     * @param tally the content
     * @throws IOException never from Jackson 3 itself, which throws unchecked; declared for the Jackson 2 variant
     */
    public void write(Path file, Tally tally) throws IOException {
        mapper.writeValue(file, tally);
    }
}
