package dev.resilientio.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.resilientio.core.retry.TransientIoClassifier;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What counts as corrupt content, with real parse and binding errors of both Jacksons, and how retry classifies it. */
class CorruptContentTest {

    private static final TransientIoClassifier LINUX = TransientIoClassifier.forOs(false);

    /** A reader's own validation failure, corrupt only when the caller says so. */
    static final class BadChecksumException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static Throwable jackson2(String json) {
        return catchThrowable(() -> new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class));
    }

    private static Throwable jackson3(String json) {
        return catchThrowable(() -> tools.jackson.databind.json.JsonMapper.builder().build().readValue(json, Map.class));
    }

    @Test
    void parseAndBindingErrorsOfJackson2AreCorruptAndNeverRetried() {
        Throwable parse = jackson2("{\"a\": ");
        Throwable binding = jackson2("[1]");

        assertThat(parse).isInstanceOf(IOException.class);
        assertThat(binding).isInstanceOf(IOException.class);
        assertThat(CorruptContent.isCorrupt(parse)).isTrue();
        assertThat(CorruptContent.isCorrupt(binding)).isTrue();
        assertThat(LINUX.isTransient(parse)).isFalse();
        assertThat(LINUX.isTransient(new UncheckedIOException((IOException) parse))).isFalse();
    }

    @Test
    void parseAndBindingErrorsOfJackson3AreCorrupt() {
        assertThat(CorruptContent.isCorrupt(jackson3("{\"a\": "))).isTrue();
        assertThat(CorruptContent.isCorrupt(jackson3("[1]"))).isTrue();
        assertThat(CorruptContent.isCorrupt(new CompletionException(jackson3("\u0000")))).isTrue();
    }

    /** A type Jackson cannot build from any content: it has no creator. */
    static final class NoCreator {
        NoCreator(Object unused) {
        }
    }

    @Test
    void jacksonErrorsThatSayTheCodeIsWrongAreNeitherCorruptNorRetried() {
        Throwable definition2 = catchThrowable(() -> new com.fasterxml.jackson.databind.ObjectMapper().readValue("{}",
                NoCreator.class));
        Throwable definition3 = catchThrowable(() -> tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue("{}", NoCreator.class));
        Throwable generation2 = new com.fasterxml.jackson.core.JsonGenerationException("cannot write",
                (com.fasterxml.jackson.core.JsonGenerator) null);

        assertThat(definition2).isInstanceOf(com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class);
        assertThat(definition3).isInstanceOf(tools.jackson.databind.exc.InvalidDefinitionException.class);
        for (Throwable mistake : List.of(definition2, definition3, generation2, new CompletionException(definition3))) {
            assertThat(CorruptContent.isCorrupt(mistake)).as("%s is corrupt content", mistake).isFalse();
            assertThat(CorruptContent.isMappingMistake(mistake)).as("%s is a mapping mistake", mistake).isTrue();
            assertThat(LINUX.isTransient(mistake)).as("%s is retried", mistake).isFalse();
        }
        assertThat(CorruptContent.isMappingMistake(jackson3("{\"a\": "))).isFalse();
    }

    @Test
    void contentCutShortOrBadlyEncodedIsCorruptAlsoWrapped() {
        assertThat(CorruptContent.isCorrupt(new EOFException())).isTrue();
        assertThat(CorruptContent.isCorrupt(new UncheckedIOException(new MalformedInputException(1)))).isTrue();
        assertThat(LINUX.isTransient(new EOFException())).isFalse();
    }

    @Test
    void anIoErrorInsideAJacksonMappingErrorDecidesAndIsNotCorruption() {
        com.fasterxml.jackson.databind.JsonMappingException mapping =
                new com.fasterxml.jackson.databind.JsonMappingException(null, "reading", new IOException("busy"));

        assertThat(CorruptContent.isCorrupt(mapping)).isFalse();
        assertThat(LINUX.isTransient(mapping)).isTrue();
    }

    @Test
    void ioErrorsAndOtherFailuresAreNotCorruption() {
        assertThat(CorruptContent.isCorrupt(new IOException("Resource temporarily unavailable"))).isFalse();
        assertThat(CorruptContent.isCorrupt(new NoSuchFileException("/data/x.json"))).isFalse();
        assertThat(CorruptContent.isCorrupt(new IllegalStateException(new EOFException()))).isFalse();
        assertThat(CorruptContent.isCorrupt(new BadChecksumException())).isFalse();
    }

    @Test
    void callersOwnTypesAreCorruptWithTheirSubclassesAndWrapped() {
        List<Class<? extends Throwable>> on = List.of(RuntimeException.class);

        assertThat(CorruptContent.isCorrupt(new BadChecksumException(), List.of(BadChecksumException.class))).isTrue();
        assertThat(CorruptContent.isCorrupt(new CompletionException(new BadChecksumException()), on)).isTrue();
    }
}
