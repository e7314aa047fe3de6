package io.latchkey.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The chart as {@code helm template} renders it (helm-java runs Helm's own Go code: the same templates engine, the
 * same values.schema.json validation), parsed into fabric8's Kubernetes model.
 */
final class RenderedChart {

    static final Path CHART = ProjectFiles.path("infra/helm/latchkey");
    /** The smallest complete set of values (what an installation must say): the chart's CI values. */
    static final Path REQUIRED_VALUES = CHART.resolve("ci/external-postgres-values.yaml");
    static final Path CLOUDNATIVEPG_VALUES = CHART.resolve("ci/cloudnativepg-values.yaml");

    /** Not "latchkey": the object names then show the release prefix (<release>-latchkey-<component>). */
    static final String RELEASE = "prod";
    static final String NAMESPACE = "latchkey";
    /** Rendering needs no cluster; this is what Capabilities.KubeVersion says (the chart wants >= 1.25). */
    static final String KUBE_VERSION = "1.31.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final String manifest;
    private final List<HasMetadata> objects;

    private RenderedChart(String manifest, List<HasMetadata> objects) {
        this.manifest = manifest;
        this.objects = objects;
    }

    /** helm template with these values files, later ones overriding earlier ones (as -f does). */
    static RenderedChart render(Path... valuesFiles) {
        TemplateCommand template = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path valuesFile : valuesFiles) {
            template = template.withValuesFile(valuesFile);
        }
        String manifest = template.call();
        return new RenderedChart(manifest, parse(manifest));
    }

    private static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            if (isEmpty(document)) {
                continue;
            }
            KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            if (!(resource instanceof HasMetadata object)) {
                throw new AssertionError("a rendered document is not a Kubernetes object with metadata:\n" + document);
            }
            parsed.add(object);
        }
        return List.copyOf(parsed);
    }

    /** Only comments (# Source: ...) or blank lines: what Helm leaves of a template that rendered nothing. */
    private static boolean isEmpty(String document) {
        return document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    String manifest() {
        return manifest;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "the chart renders no " + type.getSimpleName() + " named " + name + "; it renders "
                        + all(type).stream().map(object -> object.getMetadata().getName()).toList()));
    }

    /** Custom resources (no model class in fabric8): KafkaTopic, CloudNativePG Cluster. */
    List<GenericKubernetesResource> custom(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(resource -> apiVersion.equals(resource.getApiVersion()) && kind.equals(resource.getKind()))
                .toList();
    }

    /** The name the chart gives a component's Deployment, Service, ConfigMap, autoscaler and budget. */
    static String objectName(Component component) {
        return RELEASE + "-latchkey-" + component.name();
    }

    /** A values file in {@code dir} made of the required values changed by {@code change}. */
    static Path requiredValuesChanged(Path dir, String fileName, ValuesChange change) {
        try {
            ObjectNode values = (ObjectNode) ProjectFiles.YAML.readTree(REQUIRED_VALUES.toFile());
            change.apply(values);
            Path file = dir.resolve(fileName);
            ProjectFiles.YAML.writeValue(file.toFile(), values);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A values file in {@code dir} with this YAML text. */
    static Path valuesFile(Path dir, String fileName, String yaml) {
        try {
            return Files.writeString(dir.resolve(fileName), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deep merge of YAML objects, {@code override} winning: how Helm combines a chart's values with -f files. */
    static void merge(ObjectNode base, JsonNode override) {
        for (Map.Entry<String, JsonNode> field : override.properties()) {
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode) {
                merge(existingObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    @FunctionalInterface
    interface ValuesChange {
        void apply(ObjectNode values);
    }
}
