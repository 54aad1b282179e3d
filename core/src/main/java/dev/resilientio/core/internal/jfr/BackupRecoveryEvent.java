package dev.resilientio.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A read found its file corrupt and read a backup instead. */
@Name("dev.resilientio.BackupRecovery")
@Label("Backup Recovery")
@Category({"resilient-io", "Recovery"})
@Description("A read found its file corrupt and read a backup instead")
@StackTrace(false)
final class BackupRecoveryEvent extends Event {

    @Label("Operation")
    String operation;

    @Label("File")
    String target;

    @Label("Backup")
    String backup;

    @Label("Restored")
    @Description("Whether the backup was put back over the corrupt file")
    boolean restored;

    @Label("Corruption")
    String corruption;
}
