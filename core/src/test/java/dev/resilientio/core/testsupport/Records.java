package dev.resilientio.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A record file as a careful reader reads it: its length, then that many bytes. A file cut short
 * fails the read with {@link java.io.EOFException}, as {@link DataInputStream#readFully} reports it.
 */
public final class Records {

    private Records() {
    }

    /** The bytes of a record of {@code length} copies of {@code fill}. */
    public static byte[] payload(int length, char fill) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    /** A whole record file's content. */
    public static byte[] file(int length, char fill) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(length);
            out.write(payload(length, fill));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a record file: its payload. */
    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] payload = new byte[data.readInt()];
            data.readFully(payload);
            return payload;
        }
    }
}
