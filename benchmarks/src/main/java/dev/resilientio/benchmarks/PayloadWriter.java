package dev.resilientio.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A write of a whole payload to a file, as P2, P3 and P6 time it in several ways. */
public interface PayloadWriter {

    /**
     * Replaces the file's content with the payload.
     *
     * @param file the target file
     * @param payload the new content
     * @throws IOException when the write fails
     */
    void write(Path file, byte[] payload) throws IOException;

    /**
     * Writes a whole payload through a channel in as few calls as the kernel takes (one, for a
     * regular file), the way P2's hand-written sequence and its annotated subject both write.
     *
     * @param channel the open channel
     * @param payload the bytes
     * @throws IOException when a write fails
     */
    static void writeFully(FileChannel channel, byte[] payload) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
