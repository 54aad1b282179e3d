package dev.resilientio.examples.boot.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Talks to the example over HTTP with {@link HttpClient}, and reads its JSON files from disk, with
 * Spring Boot's own JSON parser so that the same code serves Boot 3 and 4. Thread-safe.
 */
public final class TallyClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Creates a client with its own connection pool. */
    public TallyClient() {
    }

    /**
     * Appends an entry to a list.
     *
     * @param base the application's base URI
     * @param list the list's name
     * @param entry the entry
     * @param failAttempts how many save attempts the application should fail first (0: none)
     * @return the response
     * @throws IOException when the request cannot be sent
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> add(URI base, String list, String entry, int failAttempts)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/lists/" + list + "/entries"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(entry, StandardCharsets.UTF_8));
        if (failAttempts > 0) {
            request.header("X-Fail-Attempts", Integer.toString(failAttempts));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Replaces a list.
     *
     * @param base the application's base URI
     * @param list the list's name
     * @param entries the new entries (plain words: no quoting is done)
     * @param failAttempts how many save attempts the application should fail first (0: none)
     * @return the response
     * @throws IOException when the request cannot be sent
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> put(URI base, String list, List<String> entries, int failAttempts)
            throws IOException, InterruptedException {
        String body = "{\"entries\":[" + String.join(",", entries.stream().map(e -> "\"" + e + "\"").toList()) + "]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/lists/" + list))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (failAttempts > 0) {
            request.header("X-Fail-Attempts", Integer.toString(failAttempts));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a GET and parses the JSON object it answers.
     *
     * @param uri the resource
     * @return the parsed object
     * @throws IOException when the request cannot be sent
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when the status is not 200; the message has the body
     */
    public Map<String, Object> getJson(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JsonParserFactory.getJsonParser().parseMap(response.body());
    }

    /**
     * Reads a list's entries from its file, as the application stored them.
     *
     * @param file the list's JSON file
     * @return its entries
     * @throws IOException when the file cannot be read
     */
    @SuppressWarnings("unchecked")
    public static List<String> entriesOnDisk(Path file) throws IOException {
        Map<String, Object> tally = JsonParserFactory.getJsonParser().parseMap(Files.readString(file));
        return (List<String>) tally.get("entries");
    }
}
