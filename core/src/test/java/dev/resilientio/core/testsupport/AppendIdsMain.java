package dev.resilientio.core.testsupport;

import dev.resilientio.core.FileOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of the group commit's kill test: threads that each append ids of their own to one list
 * file through {@link FileOperation#update}, with the engine's durable defaults, until the parent
 * kills the JVM; each thread prints an id (and flushes) only once its update has returned, so every
 * line printed is an update the engine said was durable.
 *
 * <p>Arguments: the file, the number of threads, a prefix for this run's ids.
 */
public final class AppendIdsMain {

    private static final FileOperation APPEND = FileOperation.named("AppendIdsMain.append");

    private AppendIdsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String prefix = args[2];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (int t = 0; t < threads; t++) {
            String thread = prefix + "t" + t + "-";
            new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = thread + i;
                    try {
                        APPEND.update(file, AppendIdsMain::parse, new ArrayList<>(), ids -> {
                            ids.add(id);
                            return ids;
                        }, AppendIdsMain::bytes);
                    } catch (IOException e) {
                        e.printStackTrace();
                        System.exit(2);
                    }
                    synchronized (out) {
                        out.println(id);
                        out.flush();
                    }
                }
            }, "appender " + t).start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Reads the list: one id per line.
     *
     * @param in the file's content
     * @return the ids, a list the caller may change
     * @throws IOException when reading fails
     */
    public static List<String> parse(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return text.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(text.split("\n")));
    }

    /**
     * Writes the list: one id per line.
     *
     * @param ids the ids
     * @return the content
     */
    public static byte[] bytes(List<String> ids) {
        return String.join("\n", ids).getBytes(StandardCharsets.UTF_8);
    }
}
