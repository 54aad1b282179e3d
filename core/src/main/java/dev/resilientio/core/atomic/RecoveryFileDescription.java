package dev.resilientio.core.atomic;

import dev.resilientio.core.internal.ErrnoNames;
import java.nio.charset.StandardCharsets;

/**
 * The {@code <name>.failed.json} that describes a recovery file. Written by hand: core carries no
 * JSON library (Jackson is the application's choice), and the format is a handful of flat fields.
 */
final class RecoveryFileDescription {

    /** The version of the description's format. */
    static final int FORMAT_VERSION = 1;

    private RecoveryFileDescription() {
    }

    /** The description as JSON, one field a line, in a fixed order. */
    static byte[] describe(RecoveryFileWriter.Description about, long size) {
        Throwable failure = about.failure();
        StringBuilder json = new StringBuilder(512).append("{\n");
        field(json, "formatVersion", Integer.toString(FORMAT_VERSION));
        field(json, "time", quote(about.time().toString()));
        field(json, "operation", quote(about.operation()));
        field(json, "target", quote(about.target().toAbsolutePath().toString()));
        field(json, "size", Long.toString(size));
        field(json, "errorType", quote(failure.getClass().getName()));
        field(json, "message", quote(String.valueOf(failure.getMessage())));
        String errno = ErrnoNames.of(failure);
        field(json, "errno", errno == null ? "null" : quote(errno));
        json.append("  \"attempts\": ").append(about.attempts()).append("\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
