package dev.resilientio.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** An atomic write, from its temp file's creation to its durable rename, with the time of each step. */
@Name("dev.resilientio.AtomicCommit")
@Label("Atomic Commit")
@Category({"resilient-io", "Atomic Writes"})
@Description("An atomic write, from its temp file's creation to its durable rename, with the time of each step")
final class AtomicCommitEvent extends Event {

    @Label("Operation")
    String operation;

    @Label("File")
    String target;

    @Label("Size")
    @DataAmount
    long bytes;

    @Label("Write")
    @Description("From the temp's creation to the start of the commit")
    @Timespan(Timespan.NANOSECONDS)
    long write;

    @Label("Fsync")
    @Description("Syncing the temp file's content")
    @Timespan(Timespan.NANOSECONDS)
    long fsync;

    @Label("Rename")
    @Description("Rotating backups, checking the temp and renaming it over the file")
    @Timespan(Timespan.NANOSECONDS)
    long rename;

    @Label("Directory Fsync")
    @Description("Syncing the directory, which makes the rename durable")
    @Timespan(Timespan.NANOSECONDS)
    long directoryFsync;
}
