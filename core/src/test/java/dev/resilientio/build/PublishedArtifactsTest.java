package dev.resilientio.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The BOM ({@code bom/pom.xml}) against the reactor's poms: it has the reactor's coordinates, no
 * parent, and manages every published module and nothing else; and the import of it that
 * {@code docs/artifacts.md} shows names it as it is. A module is published unless its pom sets
 * {@code maven.deploy.skip} to {@code true}.
 */
class PublishedArtifactsTest {

    private static final String GROUP = "dev.resilientio";

    /**
     * Listed in the BOM before its module joins the reactor (another branch brings it): tolerated while
     * absent, checked like any other module once present.
     */
    private static final Set<String> COMING = Set.of("resilient-io-spring-boot-starter");

    /** What a BOM's project may hold; anything else (parent, dependencies, build, profiles) reaches importers or needs a parent. */
    private static final Set<String> BOM_ELEMENTS = Set.of("modelVersion", "groupId", "artifactId", "version", "packaging",
            "name", "description", "url", "inceptionYear", "organization", "licenses", "developers", "scm",
            "issueManagement", "dependencyManagement");

    private final Path root = reactorRoot();

    @Test
    void bomHasTheReactorsCoordinatesAndNoParent() throws Exception {
        Element parent = read(root.resolve("pom.xml"));
        Element bom = read(root.resolve("bom/pom.xml"));

        assertThat(child(bom, "parent")).as("bom/pom.xml has a <parent>: an import would bring the parent's"
                + " dependencyManagement (third-party versions) into users' builds. Remove it.").isNull();
        assertThat(text(bom, "groupId")).as("bom/pom.xml <groupId>: make it the root pom's").isEqualTo(text(parent, "groupId"));
        assertThat(text(bom, "version")).as("bom/pom.xml <version> (written out, as the BOM has no parent):"
                + " set it to the root pom's version").isEqualTo(text(parent, "version"));
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        assertThat(modulePaths(parent)).as("root pom.xml <modules>: add <module>bom</module>").contains("bom");
        for (Element element : children(bom)) {
            assertThat(BOM_ELEMENTS).as("<%s> in bom/pom.xml: a BOM holds its coordinates, descriptive elements"
                    + " and <dependencyManagement> only; remove it", element.getTagName()).contains(element.getTagName());
        }
    }

    @Test
    void bomManagesEveryPublishedModuleAndNothingElse() throws Exception {
        Map<String, Boolean> reactor = new LinkedHashMap<>(); // artifactId -> published
        collectModules(root, reactor);
        List<Element> entries = children(child(child(read(root.resolve("bom/pom.xml")), "dependencyManagement"), "dependencies"));

        Set<String> listed = new LinkedHashSet<>();
        for (Element entry : entries) {
            String artifactId = text(entry, "artifactId");
            assertThat(listed.add(artifactId)).as("%s is listed twice in bom/pom.xml", artifactId).isTrue();
            assertThat(text(entry, "groupId")).as("%s in bom/pom.xml: the BOM manages %s artifacts only, never a"
                    + " third-party version", artifactId, GROUP).isEqualTo(GROUP);
            assertThat(text(entry, "version")).as("%s in bom/pom.xml: give it <version>${project.version}</version>",
                    artifactId).isEqualTo("${project.version}");
            for (String extra : List.of("scope", "type", "classifier", "exclusions", "optional")) {
                assertThat(child(entry, extra)).as("%s in bom/pom.xml has <%s>: remove it", artifactId, extra).isNull();
            }
            if (reactor.containsKey(artifactId)) {
                assertThat(reactor.get(artifactId)).as("%s is listed in bom/pom.xml but its module sets"
                        + " maven.deploy.skip (not published): remove it from the BOM", artifactId).isTrue();
            } else {
                assertThat(COMING).as("%s is listed in bom/pom.xml but no module of the reactor builds it: remove it",
                        artifactId).contains(artifactId);
            }
        }
        for (Map.Entry<String, Boolean> module : reactor.entrySet()) {
            if (module.getValue()) {
                assertThat(listed).as("%s is published (its pom does not set maven.deploy.skip to true) but"
                        + " bom/pom.xml does not list it: add it there, or set maven.deploy.skip",
                        module.getKey()).contains(module.getKey());
            }
        }
        assertThat(listed).as("the published artifacts that every build has").contains("resilient-io-annotations",
                "resilient-io-core", "resilient-io-json", "resilient-io-json-jackson2", "resilient-io-processor",
                "resilient-io-aspects", "resilient-io-agent", "resilient-io-kotlin", "resilient-io-micrometer",
                "resilient-io-zookeeper");
    }

    @Test
    void docsImportTheBomAsItIs() throws Exception {
        Element bom = read(root.resolve("bom/pom.xml"));
        Path doc = root.resolve("docs/artifacts.md");
        String text = Files.readString(doc);
        int start = text.indexOf("```xml\n");
        assertThat(start).as("an xml snippet in %s", doc).isNotNegative();
        String snippet = text.substring(start + "```xml\n".length(), text.indexOf("```", start + 1));

        Element management = parse(snippet);
        Element dependency = child(child(management, "dependencies"), "dependency");
        assertThat(management.getTagName()).isEqualTo("dependencyManagement");
        assertThat(List.of(text(dependency, "groupId"), text(dependency, "artifactId"), text(dependency, "version"),
                text(dependency, "type"), text(dependency, "scope")))
                .as("the BOM import in %s: the BOM's coordinates, type pom, scope import", doc)
                .containsExactly(text(bom, "groupId"), text(bom, "artifactId"), text(bom, "version"), "pom", "import");
    }

    /** Adds the jar modules under a pom's {@code <modules>}, nested aggregators included, with whether each is published. */
    private static void collectModules(Path dir, Map<String, Boolean> into) throws Exception {
        for (String path : modulePaths(read(dir.resolve("pom.xml")))) {
            Path moduleDir = dir.resolve(path).normalize();
            Element pom = read(moduleDir.resolve("pom.xml"));
            String artifactId = text(pom, "artifactId");
            String packaging = text(pom, "packaging");
            if (packaging == null || !packaging.equals("pom")) {
                Element properties = child(pom, "properties");
                String skip = properties == null ? null : text(properties, "maven.deploy.skip");
                into.put(artifactId, !"true".equals(skip));
            }
            if (!"resilient-io-bom".equals(artifactId)) {
                collectModules(moduleDir, into);
            }
        }
    }

    private static List<String> modulePaths(Element pom) {
        List<String> paths = new ArrayList<>();
        Element modules = child(pom, "modules");
        if (modules != null) {
            for (Element module : children(modules)) {
                paths.add(module.getTextContent().trim());
            }
        }
        return paths;
    }

    private static Path reactorRoot() {
        // Surefire runs in core/; the reactor's pom is one up.
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = dir.getParent();
        assertThat(root.resolve("bom/pom.xml")).as("the reactor root, one folder above core (%s)", dir).exists();
        return root;
    }

    private static Element read(Path pom) throws Exception {
        try (InputStream in = Files.newInputStream(pom)) {
            return builder().parse(in).getDocumentElement();
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + pom + ": " + e, e);
        }
    }

    private static Element parse(String xml) throws Exception {
        return builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    private static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        if (parent == null) {
            return elements;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Element child(Element parent, String name) {
        for (Element element : children(parent)) {
            if (element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
