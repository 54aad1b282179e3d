package dev.resilientio.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientio.core.testsupport.Counter;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The mappers: the static methods indent, an instance writes with the caller's mapper. */
class ResilientJsonTest {

    @TempDir
    Path dir;

    @Test
    void theStaticMethodsWriteIndentedJson() throws IOException {
        Path file = dir.resolve("counter.json");

        ResilientJson.writeJson(file, new Counter(7));

        assertThat(file).hasContent("{\n  \"value\" : 7\n}");
    }

    @Test
    void anInstanceWritesAndReadsWithTheCallersMapper() throws IOException {
        Path file = dir.resolve("counter.json");
        JsonFiles compact = ResilientJson.with(JsonMapper.builder().build());

        compact.writeJson(file, new Counter(8));

        assertThat(file).as("written by the caller's mapper, which does not indent").hasContent("{\"value\":8}");
        assertThat(ResilientJson.readJson(file, Counter.class)).isEqualTo(new Counter(8));
        assertThat(compact.updateJson(file, Counter.class, new Counter(0), Counter::increment)).isEqualTo(new Counter(9));
        assertThat(file).hasContent("{\"value\":9}");
    }

    @Test
    void aMissingMapperIsRefusedAtOnce() {
        assertThatThrownBy(() -> ResilientJson.with(null)).isInstanceOf(NullPointerException.class).hasMessage("mapper");
    }
}
