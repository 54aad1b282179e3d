package dev.resilientio.core.atomic;

import dev.resilientio.core.testsupport.AtomicDefaults;
import dev.resilientio.core.testsupport.Leftovers;
import dev.resilientio.core.testsupport.TmpfsMount;
import dev.resilientio.core.testsupport.UnprivilegedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stale-temp scan costs each new file a bounded number of directory entries read, however large
 * its directory: here 100,000 entries, where a scan per new file read the whole directory each time
 * (36-42 ms a write at 75,000 entries). Counted with the engine's own counter, not timed.
 */
class StaleTempScanCostTest {

    private static final int EXISTING_ENTRIES = 100_000;
    private static final int NEW_FILES = 8_000;
    /**
     * A scan after the first waits for one write per {@link StaleTemps#ENTRIES_PER_WRITE} entries it
     * will read, less what the writes since added: a target and, with its lock, a lock file each.
     */
    private static final int BOUND_PER_FILE = StaleTemps.ENTRIES_PER_WRITE + 2;
    private static final AtomicSettings QUICK = AtomicDefaults.NO_FSYNC;

    @TempDir
    Path temp;

    private TmpfsMount tmpfs;

    @AfterEach
    void unmount() throws IOException {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void newFilesInAHundredThousandEntryDirectoryReadABoundedNumberOfEntriesEach() throws Exception {
        Path dir = bigDirectory();
        Path firstTarget = dir.resolve("new-00000.json");
        List<Path> left = Leftovers.leftBy(temp.resolve("child.log"), dir.resolve("existing-000007"), firstTarget);

        long before = StaleTemps.entriesRead();
        AtomicFileWriter.writeBytes(firstTarget, QUICK, bytes(0));
        long firstScan = StaleTemps.entriesRead() - before;

        assertThat(firstScan).as("entries read by the first write into the directory").isGreaterThanOrEqualTo(EXISTING_ENTRIES);
        assertThat(left).as("temps of a dead writer, after the first write into the directory").noneMatch(Files::exists);
        long afterFirst = StaleTemps.entriesRead();
        for (int i = 1; i < NEW_FILES; i++) {
            AtomicFileWriter.writeBytes(dir.resolve(String.format("new-%05d.json", i)), QUICK, bytes(i));
            long read = StaleTemps.entriesRead() - afterFirst;
            // Checked at each write, so that an unbounded scan fails fast instead of reading 100,000 per file.
            assertThat(read).as("entries read by the %d writes after the first", i).isLessThanOrEqualTo((long) BOUND_PER_FILE * i);
        }
        long later = StaleTemps.entriesRead() - afterFirst;
        System.out.printf("StaleTempScanCostTest: %s, %d entries: first write read %d entries; the next %d new files"
                + " read %d (%.2f per file); all %d files %.2f per file%n",
                tmpfs != null ? "tmpfs" : "temp dir", EXISTING_ENTRIES, firstScan, NEW_FILES - 1, later,
                (double) later / (NEW_FILES - 1), NEW_FILES, (double) (firstScan + later) / NEW_FILES);
        assertThat(later).as("entries read after the first write: a rescan is due once enough writes paid for it")
                .isGreaterThanOrEqualTo(EXISTING_ENTRIES);
    }

    /** 100,000 empty files on a tmpfs when root may mount one, else in the temp directory. */
    private Path bigDirectory() throws IOException, InterruptedException {
        Path dir;
        if (UnprivilegedJvm.runsAsRoot()) {
            tmpfs = TmpfsMount.mount(temp.resolve("disk"), "256m");
            dir = tmpfs.path();
        } else {
            dir = Files.createDirectory(temp.toRealPath().resolve("big"));
        }
        for (int i = 0; i < EXISTING_ENTRIES; i++) {
            Files.createFile(dir.resolve(String.format("existing-%06d", i)));
        }
        return dir;
    }

    private static byte[] bytes(int i) {
        return ("{\"file\": " + i + "}").getBytes(StandardCharsets.UTF_8);
    }
}
