package dev.resilientio.json.jackson2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientio.conformance.json.JsonHelpersContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The JSON helpers' contract on {@link JsonFiles} for the caller's own Jackson 2 mapper. */
class JsonFilesContractTest extends JsonHelpersContract {

    private final JsonFiles json = ResilientJson.with(new ObjectMapper());

    @Override
    protected <T> T readJson(Path file, Class<T> type) throws IOException {
        return json.readJson(file, type);
    }

    @Override
    protected <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException {
        return json.readJson(file, type, defaultValue);
    }

    @Override
    protected void writeJson(Path file, Object value) throws IOException {
        json.writeJson(file, value);
    }

    @Override
    protected <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException {
        return json.updateJson(file, type, initial, change);
    }
}
