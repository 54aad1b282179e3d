package dev.resilientio.json.jackson2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientio.core.testsupport.Counter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ResilientJson#with}: the same calls on the caller's Jackson 2 mapper (here one that does not indent). */
class JsonFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyCallGoesThroughTheCallersMapper() throws IOException {
        Path file = dir.resolve("counter.json");
        JsonFiles compact = ResilientJson.with(new ObjectMapper());

        compact.writeJson(file, new Counter(8));
        Counter updated = compact.updateJson(file, Counter.class, new Counter(0), Counter::increment);

        assertThat(updated).isEqualTo(new Counter(9));
        assertThat(file).as("written by the caller's mapper, which does not indent").hasContent("{\"value\":9}");
        assertThat(compact.readJson(file, Counter.class)).isEqualTo(new Counter(9));
        assertThat(compact.readJson(dir.resolve("missing.json"), Counter.class, new Counter(-1))).isEqualTo(new Counter(-1));
    }

    @Test
    void aMissingMapperIsRefusedAtOnce() {
        assertThatThrownBy(() -> ResilientJson.with(null)).isInstanceOf(NullPointerException.class).hasMessage("mapper");
    }
}
