package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * try-it.sh, the script behind docs/spring-boot.md's "Run it", does what the page says, and the page
 * shows the script's requests.
 */
class TryItScriptIT {

    private static final Path SCRIPT = Path.of("try-it.sh");
    private static final Path PAGE = Path.of("..", "..", "docs", "spring-boot.md");

    @Test
    void scriptRunsTheJarUnderTheAgentAndShowsTheRetry() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().put("AGENT", System.getProperty("example.agent"));
        builder.environment().put("JAR", System.getProperty("example.jar"));
        Process script = builder.start();
        String output;
        try {
            output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("script ended; output:\n%s", output).isTrue();
        } finally {
            // The script's trap stops the application; a script killed here cannot, so its children go first.
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }

        assertThat(script.exitValue()).as("exit code; output:\n%s", output).isZero();
        assertThat(output).contains("{\"size\":2}").contains("{\"entries\":[\"milk\",\"bread\"]}")
                .contains("\"counterInjected\":true").contains("\"woven\":true")
                .containsPattern("WARN \\d+ --- \\[tally\\] .* TallyStore\\.add failed on attempt 1/3 on \\S+shopping\\.json")
                .containsPattern("TallyStore\\.add failed on attempt 2/3 on \\S+shopping\\.json")
                .contains("$ curl -s -X POST -H 'Content-Type: text/plain' -H 'X-Fail-Attempts: 2' -d bread"
                        + " http://localhost:8080/lists/shopping/entries")
                .doesNotContain("failed on attempt 3/3");
        System.out.println("try-it.sh:\n" + output);
    }

    @Test
    void pageShowsTheScriptsRequests() throws Exception {
        String page = Files.readString(PAGE);
        String script = Files.readString(SCRIPT);
        List<String> pageRequests = Pattern.compile("^curl .*$", Pattern.MULTILINE).matcher(page).results()
                .map(MatchResult::group).toList();
        List<String> scriptRequests = Pattern.compile("^show \"(curl .*)\"$", Pattern.MULTILINE).matcher(script).results()
                .map(match -> match.group(1).replace("$base", "http://localhost:8080")).toList();

        assertThat(pageRequests).as("curl lines of docs/spring-boot.md").isEqualTo(scriptRequests);
    }
}
