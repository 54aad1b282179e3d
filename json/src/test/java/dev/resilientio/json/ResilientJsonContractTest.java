package dev.resilientio.json;

import dev.resilientio.conformance.json.JsonHelpersContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The JSON helpers' contract on {@link ResilientJson}'s static methods and their default mapper. */
class ResilientJsonContractTest extends JsonHelpersContract {

    @Override
    protected <T> T readJson(Path file, Class<T> type) throws IOException {
        return ResilientJson.readJson(file, type);
    }

    @Override
    protected <T> T readJson(Path file, Class<T> type, T defaultValue) throws IOException {
        return ResilientJson.readJson(file, type, defaultValue);
    }

    @Override
    protected void writeJson(Path file, Object value) throws IOException {
        ResilientJson.writeJson(file, value);
    }

    @Override
    protected <T> T updateJson(Path file, Class<T> type, T initial, UnaryOperator<T> change) throws IOException {
        return ResilientJson.updateJson(file, type, initial, change);
    }
}
