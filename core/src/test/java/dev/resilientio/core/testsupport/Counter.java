package dev.resilientio.core.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A counter file's value. Core's tests keep it in a one-line text form, {@code value=n}, which
 * {@link #parse} checks strictly, so that a torn or foreign file is corrupt content; the JSON
 * modules' tests keep it as JSON, {@code {"value": n}}.
 *
 * @param value the count
 */
public record Counter(int value) {

    /** Returns the counter one higher. */
    public Counter increment() {
        return new Counter(value + 1);
    }

    /** Returns the counter {@code amount} higher. */
    public Counter plus(int amount) {
        return new Counter(value + amount);
    }

    /** Returns the text form, {@code value=n}. */
    public String text() {
        return "value=" + value;
    }

    /** Returns the text form as UTF-8 bytes, a file's whole content. */
    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses the text form from a file's stream: a parser for {@code FileOperation}.
     *
     * @param in the stream, read to its end
     * @return the counter
     * @throws IOException when the content is anything but {@code value=n}
     */
    public static Counter parse(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (!text.matches("value=-?[0-9]{1,9}")) {
            throw new IOException("not a counter: '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        return new Counter(Integer.parseInt(text.substring("value=".length())));
    }
}
