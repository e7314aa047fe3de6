package io.latchkey.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The configuration a component runs with in production, read from the sources: its own
 * {@code application.properties} and the {@code META-INF/microprofile-config.properties} of every Latchkey
 * library it depends on (compile or runtime scope, transitively), which supply defaults such as the trusted
 * proxies (infra/lib/authy-http). Keys of another profile than {@code %prod} are left out: {@code %test} values
 * never reach a deployment.
 *
 * @param component the component
 * @param libraries the artifactIds of the Latchkey libraries it depends on, e.g. latchkey-crypto
 * @param properties every production key and value, the component's own file last (it wins)
 */
record ModuleConfiguration(Component component, Set<String> libraries, Map<String, String> properties) {

    private static final String GROUP_ID = "io.latchkey";

    static ModuleConfiguration of(Component component) {
        Map<String, String> modulesByArtifactId = modulesByArtifactId();
        Set<String> libraries = latchkeyLibraries(component.module(), modulesByArtifactId);
        Map<String, String> properties = new HashMap<>();
        for (String library : libraries) {
            Path file = ProjectFiles.path(modulesByArtifactId.get(library))
                    .resolve("src/main/resources/META-INF/microprofile-config.properties");
            if (Files.isRegularFile(file)) {
                properties.putAll(production(ProjectFiles.read(file)));
            }
        }
        properties.putAll(production(ProjectFiles.read(component.module() + "/src/main/resources/application.properties")));
        return new ModuleConfiguration(component, libraries, Map.copyOf(properties));
    }

    boolean dependsOn(String artifactId) {
        return libraries.contains(artifactId);
    }

    /**
     * The keys and values of a properties text that apply in production: keys without a profile, and
     * {@code %prod.} keys under their plain name.
     */
    static Map<String, String> production(String propertiesText) {
        Properties parsed = new Properties();
        try {
            parsed.load(new StringReader(propertiesText));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> production = new HashMap<>();
        for (String key : parsed.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                production.putIfAbsent(key, parsed.getProperty(key));
            }
        }
        // a %prod value replaces the plain one in production
        for (String key : parsed.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (key.startsWith("%") && dot > 0 && List.of(key.substring(1, dot).split(",")).contains("prod")) {
                production.put(key.substring(dot + 1), parsed.getProperty(key));
            }
        }
        return production;
    }

    /** Every module of the root pom by its artifactId, e.g. latchkey-crypto -> infra/lib/crypto. */
    static Map<String, String> modulesByArtifactId() {
        Map<String, String> modules = new HashMap<>();
        for (String module : rootModules()) {
            Element project = pom(module);
            modules.put(text(child(project, "artifactId")), module);
        }
        return modules;
    }

    /** The module directories the root pom lists, in build order. */
    static List<String> rootModules() {
        Element project = parse(ProjectFiles.path("pom.xml"));
        return children(child(project, "modules"), "module").stream().map(ModuleConfiguration::text).toList();
    }

    static Element pom(String module) {
        return parse(ProjectFiles.path(module).resolve("pom.xml"));
    }

    private static Set<String> latchkeyLibraries(String module, Map<String, String> modulesByArtifactId) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(module));
        while (!pending.isEmpty()) {
            Element project = pom(pending.pop());
            Element dependencies = child(project, "dependencies");
            if (dependencies == null) {
                continue;
            }
            for (Element dependency : children(dependencies, "dependency")) {
                String groupId = text(child(dependency, "groupId"));
                String artifactId = text(child(dependency, "artifactId"));
                String scope = text(child(dependency, "scope"));
                boolean latchkey = GROUP_ID.equals(groupId) || "${project.groupId}".equals(groupId);
                boolean runtime = scope.isEmpty() || scope.equals("compile") || scope.equals("runtime");
                if (latchkey && runtime && modulesByArtifactId.containsKey(artifactId) && found.add(artifactId)) {
                    pending.push(modulesByArtifactId.get(artifactId));
                }
            }
        }
        return found;
    }

    private static Element parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot parse " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element == null ? "" : element.getTextContent().trim();
    }
}
