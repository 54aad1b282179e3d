package dev.resilientio.examples.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Reads and writes a tally as JSON with the application's Jackson 2 mapper (Spring Boot 3). Its IO
 * errors are plain {@link IOException}s, retried when transient; a parse error is corruption, never
 * retried. Thread-safe.
 */
@Component
public class TallyJson {

    private final ObjectMapper mapper;

    /**
     * Creates the codec.
     *
     * @param mapper the application's JSON mapper, as Spring Boot configures it
     */
    public TallyJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads a tally.
     *
     * @param file a JSON file
     * @return its content
     * @throws IOException when the file cannot be read or parsed
     */
    public Tally read(Path file) throws IOException {
        return mapper.readValue(file.toFile(), Tally.class);
    }

    /**
     * Writes a tally, replacing the file's content.
     *
     * @param file the file to write
     * @param tally the content
     * @throws IOException when the file cannot be written
     */
    public void write(Path file, Tally tally) throws IOException {
        mapper.writeValue(file.toFile(), tally);
    }
}
