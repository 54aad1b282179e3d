package dev.resilientio.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.core.FileCircuitOpenException;
import dev.resilientio.core.RecoveryFileNotice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A refused call is never shown the recovery file of the call whose failure opened the breaker. */
class RefusalNoticeTest {

    private final RecoveryFileNotice othersNotice = new RecoveryFileNotice(Path.of("/srv/a.json.failed-1"), null);

    @Test
    void theNoticeFindsNothingThroughARefusalsCause() {
        IOException othersFailure = new IOException("Stale file handle");
        othersFailure.addSuppressed(othersNotice);
        FileCircuitOpenException refusal = new FileCircuitOpenException("tasks-share", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), Path.of("/srv/b.json"), othersFailure);

        assertThat(RecoveryFileNotice.in(othersFailure)).as("the failing call's own notice").contains(othersNotice);
        assertThat(RecoveryFileNotice.in(refusal)).isEmpty();
        assertThat(RecoveryFileNotice.in(new UncheckedIOException(refusal))).isEmpty();
    }

    @Test
    void aNoticeOnTheRefusalItselfIsFound() {
        FileCircuitOpenException refusal = new FileCircuitOpenException("tasks-share", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), Path.of("/srv/b.json"), new OpeningFailure(new IOException("Stale file handle")));
        refusal.addSuppressed(othersNotice);

        assertThat(RecoveryFileNotice.in(new UncheckedIOException(refusal))).contains(othersNotice);
    }
}
