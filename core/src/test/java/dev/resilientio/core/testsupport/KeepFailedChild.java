package dev.resilientio.core.testsupport;

import dev.resilientio.core.FileOperation;
import dev.resilientio.core.RecoveryFileNotice;
import dev.resilientio.core.config.ResilientIoConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Child JVM main for tests of recovery files in shared directories, run as another user: one write
 * with keep-failed on and one backup, whose commit the test makes fail (a non-empty directory at
 * {@code <target>.backup}). Prints {@code NOTICE <file>} for the recovery file the failure names, or
 * {@code NO NOTICE}, then {@code FAILURE <message>}; exits 0 when the write failed, 3 when it did not.
 *
 * <p>Arguments: the target, the content.
 */
public final class KeepFailedChild {

    private KeepFailedChild() {
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        Map<String, String> properties = new HashMap<>();
        properties.put("resilientio.atomic.keep-failed", "true");
        properties.put("resilientio.atomic.backups", "1");
        FileOperation write = FileOperation.named("KeepFailedChild.write", ResilientIoConfig.from(Map.of(), properties));
        try {
            write.write(target, args[1].getBytes(StandardCharsets.UTF_8));
        } catch (IOException failure) {
            System.out.println(RecoveryFileNotice.in(failure).map(notice -> "NOTICE " + notice.file()).orElse("NO NOTICE"));
            System.out.println("FAILURE " + failure);
            for (Throwable suppressed : failure.getSuppressed()) {
                System.out.println("SUPPRESSED " + suppressed);
            }
            System.exit(0);
        }
        System.out.println("the write did not fail");
        System.exit(3);
    }
}
