package dev.resilientio.attach;

import dev.resilientio.agent.ResilientIoAgent;
import dev.resilientio.core.weaving.WeavingCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Calls an annotated method of an already loaded class, attaches the agent with
 * {@link ResilientIoAgent#install()}, and calls it again: the class is retransformed in place.
 */
public final class AttachLaterMain {

    private AttachLaterMain() {
    }

    /**
     * Runs the two calls and prints how each went.
     *
     * @param args the file to read
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path file = Files.writeString(Path.of(args[0]), "content");
        System.out.println("before attach: " + readOnce(new BusyFile(), file));
        System.out.println("unwoven before attach: " + WeavingCheck.unwovenMethods(BusyFile.class).size());
        ResilientIoAgent.install();
        System.out.println("after attach: " + readOnce(new BusyFile(), file));
        System.out.println("unwoven after attach: " + WeavingCheck.unwovenMethods(BusyFile.class).size());
    }

    private static String readOnce(BusyFile busy, Path file) {
        try {
            return "read '" + busy.read(file) + "' after " + busy.attempts + " attempts";
        } catch (IOException e) {
            return "failed after " + busy.attempts + " attempt(s)";
        }
    }
}
