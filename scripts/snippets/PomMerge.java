import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Builds the pom of a snippet project for scripts/check-snippets.sh, run as a single source file
 * ({@code java PomMerge.java ...}), so the check needs nothing beyond the JDK.
 *
 * <pre>
 * java PomMerge.java merge BASE_POM OUT_POM FRAGMENT...
 *     BASE_POM plus each fragment (top-level pom elements as a user pastes them: dependencies, build, ...),
 *     merged the way a user merges them by hand: the children of dependencies and plugins are appended,
 *     build and dependencyManagement are merged inside, anything else is added.
 * java PomMerge.java versions ROOT_POM FRAGMENT...
 *     fails when a fragment pins a dev.resilientio, org.aspectj, org.jetbrains.kotlin or JUnit artifact, or a plugin
 *     of the root pom's pluginManagement, at another version than this repository builds with.
 * </pre>
 */
public final class PomMerge {

    /** Elements that hold a list: a fragment's children are appended to the base's. */
    private static final Set<String> LISTS = Set.of("dependencies", "plugins", "executions", "resources");
    /** Elements that hold named parts: a fragment's children are merged one by one. */
    private static final Set<String> STRUCTS = Set.of("build", "dependencyManagement", "pluginManagement", "properties");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: merge BASE OUT FRAGMENT... | versions ROOT_POM FRAGMENT...");
        }
        switch (args[0]) {
            case "merge" -> merge(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
            case "versions" -> versions(Path.of(args[1]), List.of(args).subList(2, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[0] + ": merge or versions");
        }
    }

    private static void merge(Path base, Path out, List<String> fragments) throws Exception {
        Document pom = parse(Files.readString(base), base.toString());
        for (String fragment : fragments) {
            Element root = fragment(Path.of(fragment));
            mergeInto(pom.getDocumentElement(), root, pom);
        }
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(pom), new StreamResult(out.toFile()));
    }

    private static void mergeInto(Element target, Element source, Document owner) {
        for (Node child = source.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            String name = element.getTagName();
            Element existing = firstChild(target, name);
            if (existing != null && LISTS.contains(name)) {
                for (Node item = element.getFirstChild(); item != null; item = item.getNextSibling()) {
                    existing.appendChild(owner.importNode(item, true));
                }
            } else if (existing != null && STRUCTS.contains(name)) {
                mergeInto(existing, element, owner);
            } else if (existing != null) {
                throw new IllegalStateException("<" + name + "> is in the base pom and in a snippet: two values for one"
                        + " setting; take it out of scripts/snippets' base pom or out of the snippet");
            } else {
                target.appendChild(owner.importNode(element, true));
            }
        }
    }

    private static void versions(Path rootPom, List<String> fragments) throws Exception {
        Element root = parse(Files.readString(rootPom), rootPom.toString()).getDocumentElement();
        Map<String, String> properties = new java.util.HashMap<>();
        Element props = firstChild(root, "properties");
        for (Node p = props.getFirstChild(); p != null; p = p.getNextSibling()) {
            if (p instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        properties.put("project.version", text(root, "version"));
        List<String> problems = new ArrayList<>();
        Map<String, String> pluginVersions = new java.util.HashMap<>();
        Element management = firstChild(firstChild(firstChild(root, "build"), "pluginManagement"), "plugins");
        for (Node p = management.getFirstChild(); p != null; p = p.getNextSibling()) {
            if (p instanceof Element plugin) {
                pluginVersions.put(text(plugin, "artifactId"), resolve(text(plugin, "version"), properties));
            }
        }
        for (String fragment : fragments) {
            var elements = fragment(Path.of(fragment)).getElementsByTagName("*");
            for (int i = 0; i < elements.getLength(); i++) {
                Element e = (Element) elements.item(i);
                String artifact = text(e, "artifactId");
                String version = text(e, "version");
                if (artifact == null || version == null || version.startsWith("${")) {
                    continue; // a property of the user's own build (Boot's ${aspectj.version}) is theirs to set
                }
                String group = text(e, "groupId");
                String expected = switch (group == null ? "" : group) {
                    case "dev.resilientio" -> properties.get("project.version");
                    case "org.aspectj" -> properties.get("aspectj.version");
                    case "org.jetbrains.kotlin" -> properties.get("kotlin.version");
                    case "org.junit.jupiter" -> properties.get("junit.version");
                    default -> e.getTagName().equals("plugin") ? pluginVersions.get(artifact) : null;
                };
                if (expected != null && !expected.equals(version)) {
                    problems.add(fragment + ": " + group + ":" + artifact + " is at " + version
                            + " but this repository builds with " + expected + " (root pom.xml)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("snippet versions differ from the root pom; update the docs:\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static String resolve(String value, Map<String, String> properties) {
        if (value != null && value.startsWith("${") && value.endsWith("}")) {
            return properties.get(value.substring(2, value.length() - 1));
        }
        return value;
    }

    /** A snippet's top-level elements under one root; a whole pom (the base poms, in the versions check) as it is. */
    private static Element fragment(Path file) throws Exception {
        String xml = Files.readString(file);
        boolean wholePom = xml.startsWith("<?xml");
        return parse(wholePom ? xml : "<fragment>" + xml + "</fragment>", file.toString()).getDocumentElement();
    }

    private static Document parse(String xml, String origin) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try {
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (org.xml.sax.SAXParseException e) {
            throw new IllegalArgumentException(origin + " is not well-formed XML (line " + e.getLineNumber() + "): "
                    + e.getMessage(), e);
        }
    }

    private static Element firstChild(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element child = firstChild(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }
}
