package dev.resilientio.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/spring-boot.md shows the compile-time weaving set-up this module builds with: the same
 * aspectj-maven-plugin element, the same ajc aspect list and the same AspectJ version property,
 * comments and indentation aside.
 */
class DocumentedConfigurationTest {

    private static final Path PAGE = Path.of("..", "..", "docs", "spring-boot.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\n(.*?)```", Pattern.DOTALL);

    @Test
    void pageShowsThePluginElementOfThisPom() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher plugin = Pattern.compile("<plugin>((?:(?!</plugin>).)*?aspectj-maven-plugin.*?)</plugin>", Pattern.DOTALL)
                .matcher(pom);
        assertThat(plugin.find()).as("aspectj-maven-plugin in pom.xml").isTrue();

        assertThat(lines(block("xml", "aspectj-maven-plugin"))).isEqualTo(lines("<plugin>" + plugin.group(1) + "</plugin>"));
    }

    @Test
    void pageShowsTheAspectListOfThisModule() throws Exception {
        assertThat(lines(block("xml", "<aspectj>")))
                .isEqualTo(lines(Files.readString(Path.of("aspectj-resilient-io.xml"))));
    }

    @Test
    void pageShowsTheAspectjVersionPropertyOfThisPom() throws Exception {
        String property = block("xml", "<aspectj.version>").strip();

        assertThat(Files.readString(Path.of("pom.xml"))).contains(property);
    }

    private static String block(String language, String containing) throws Exception {
        Matcher matcher = BLOCK.matcher(Files.readString(PAGE));
        while (matcher.find()) {
            if (matcher.group(1).equals(language) && matcher.group(2).contains(containing)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError("docs/spring-boot.md has no ```" + language + " block with " + containing);
    }

    /** The XML's lines without comments, the XML declaration, indentation or blank lines. */
    private static List<String> lines(String xml) {
        String bare = xml.replaceAll("(?s)<!--.*?-->", "").replaceAll("<\\?xml[^>]*\\?>", "");
        return bare.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
