package dev.resilientio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientio.attach.AttachLaterMain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to a running JVM retransforms the annotated classes it had loaded already. */
class AttachLaterIT {

    @TempDir
    Path dir;

    @Test
    void classLoadedBeforeAttachIsRetransformed() throws Exception {
        var finished = AgentJvm.runWithoutAgent(dir, List.of(AgentJvm.agentJar(),
                AgentJvm.codeSource(AttachLaterMain.class)), AttachLaterMain.class.getName(),
                dir.resolve("data.txt").toString());

        assertThat(finished.exitCode()).as(finished.describe()).isZero();
        assertThat(finished.stdout()).as(finished.describe()).contains(
                "before attach: failed after 1 attempt(s)",
                "unwoven before attach: 1",
                "after attach: read 'content' after 3 attempts",
                "unwoven after attach: 0");
    }
}
