package io.latchkey.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The Helm chart infra/helm/latchkey, checked without a cluster: Helm itself lints and renders it (helm-java), and
 * every rendered object is read with fabric8's Kubernetes model, strictly. The values are the chart's CI values
 * (ci/external-postgres-values.yaml: what an installation must say), or those with one change.
 */
class HelmChartTest {

    private static final String KAFKA_TOPIC_API = "kafka.strimzi.io/v1beta2";
    private static final String KAFKA_TOPIC = "KafkaTopic";
    private static final String CNPG_API = "postgresql.cnpg.io/v1";
    private static final String CNPG_CLUSTER = "Cluster";
    private static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    private static final String MANAGEMENT_PORT_NAME = "management";
    private static final int MANAGEMENT_PORT = 9000;
    private static final int HTTP_PORT = 8080;
    /** The image's own unprivileged user (infra/container/Dockerfile.jvm). */
    private static final Long RUNTIME_USER = 185L;

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = RenderedChart.render(RenderedChart.REQUIRED_VALUES);
    }

    // ---- Helm's own checks

    @Test
    void lintPassesInStrictModeWithTheRequiredValues(@TempDir Path temp) throws IOException {
        // helm-java's lint takes no values: lint a copy of the chart whose values.yaml carries the required ones
        Path copy = copyChart(temp.resolve("latchkey"));
        ObjectNode values = (ObjectNode) ProjectFiles.YAML.readTree(copy.resolve("values.yaml").toFile());
        RenderedChart.merge(values, ProjectFiles.YAML.readTree(RenderedChart.REQUIRED_VALUES.toFile()));
        ProjectFiles.YAML.writeValue(copy.resolve("values.yaml").toFile(), values);

        LintResult result = new Helm(copy).lint().strict().call();

        assertFalse(result.isFailed(), "helm lint --strict failed:\n" + String.join("\n", result.getMessages()));
    }

    @Test
    void lintOfTheChartAsShippedNamesTheValuesAnInstallationMustGive() {
        LintResult result = new Helm(RenderedChart.CHART).lint().call();

        String messages = String.join("\n", result.getMessages());
        assertTrue(result.isFailed(), "values.yaml alone must not pass the schema (publicBaseUrl has no default):\n" + messages);
        assertTrue(messages.contains("publicBaseUrl"), "lint should name publicBaseUrl:\n" + messages);
    }

    @Test
    void rendersEveryObjectWithTheRequiredValues() {
        int topics = PlatformTopics.read().everyTopic().size();
        // six components; the console's few operators need no autoscaler by default
        Map<String, Long> expected = new TreeMap<>(Map.of(
                "ConfigMap", 6L, "Deployment", 6L, "HorizontalPodAutoscaler", 5L, "Ingress", 1L,
                KAFKA_TOPIC, (long) topics, "PodDisruptionBudget", 6L, "Secret", 1L, "Service", 6L));

        Map<String, Long> rendered = chart.objects().stream()
                .collect(Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()));

        assertEquals(expected, rendered, "kinds rendered with " + RenderedChart.REQUIRED_VALUES.getFileName());
    }

    @Test
    void withoutPublicBaseUrlTheSchemaRefusesTheValues(@TempDir Path temp) {
        Path values = RenderedChart.requiredValuesChanged(temp, "values.yaml", v -> v.remove("publicBaseUrl"));

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> RenderedChart.render(values));

        assertTrue(failure.getMessage().contains("schema") && failure.getMessage().contains("publicBaseUrl"),
                "expected a schema error naming publicBaseUrl, got: " + failure.getMessage());
    }

    @Test
    void withoutTheIdentityProviderTheSchemaRefusesTheValues(@TempDir Path temp) {
        Path values = RenderedChart.requiredValuesChanged(temp, "values.yaml",
                v -> ((ObjectNode) v.get("oidc")).remove("authServerUrl"));

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> RenderedChart.render(values));

        assertTrue(failure.getMessage().contains("schema") && failure.getMessage().contains("authServerUrl"),
                "expected a schema error naming authServerUrl, got: " + failure.getMessage());
    }

    @Test
    void fewerPartitionsThanAServiceMayHaveInstancesIsRefused(@TempDir Path temp) {
        assertRefused(RenderedChart.valuesFile(temp, "more-instances.yaml", """
                components:
                  token-service:
                    autoscaling:
                      maxReplicas: 20
                """), "kafka.topics.partitions (12) must be at least the largest maxReplicas of a service (20)");
    }

    @Test
    void moreInSyncReplicasThanReplicasIsRefused(@TempDir Path temp) {
        assertRefused(RenderedChart.valuesFile(temp, "one-replica.yaml", """
                kafka:
                  topics:
                    replicas: 1
                """), "kafka.topics.config min.insync.replicas (2) must not exceed kafka.topics.replicas (1)");
    }

    /** The chart refuses to render with {@code values} on top of the required ones, saying {@code expected}. */
    private static void assertRefused(Path values, String expected) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render(RenderedChart.REQUIRED_VALUES, values));
        assertTrue(failure.getMessage().contains(expected), "expected \"" + expected + "\", got: " + failure.getMessage());
    }

    // ---- every object, strictly

    @Test
    void everyStandardObjectHasOnlyFieldsTheKubernetesApiDefines() {
        Map<String, List<String>> unknown = new TreeMap<>();
        for (HasMetadata object : chart.objects()) {
            if (object instanceof GenericKubernetesResource custom) {
                // fabric8 knows every standard kind: an unknown one is a typo in apiVersion or kind
                assertTrue(custom.getKind().equals(KAFKA_TOPIC) || custom.getKind().equals(CNPG_CLUSTER),
                        "not a standard kind nor a known custom resource: " + custom.getApiVersion() + " " + custom.getKind());
                List<String> inMetadata = StrictModel.unknownFields(custom.getMetadata());
                if (!inMetadata.isEmpty()) {
                    unknown.put(describe(object), inMetadata);
                }
            } else {
                List<String> fields = StrictModel.unknownFields(object);
                if (!fields.isEmpty()) {
                    unknown.put(describe(object), fields);
                }
            }
        }
        assertEquals(Map.of(), unknown, "fields the Kubernetes API does not define (path: fields)");
    }

    @Test
    void kafkaTopicsHaveOnlyTheFieldsStrimziDefines() {
        for (GenericKubernetesResource topic : chart.custom(KAFKA_TOPIC_API, KAFKA_TOPIC)) {
            Map<String, Object> spec = spec(topic);
            assertKeysWithin(Set.of("topicName", "partitions", "replicas", "config"), spec, describe(topic) + " spec");
            assertInstanceOf(String.class, spec.get("topicName"), describe(topic) + " spec.topicName");
            assertInstanceOf(Integer.class, spec.get("partitions"), describe(topic) + " spec.partitions");
            assertInstanceOf(Integer.class, spec.get("replicas"), describe(topic) + " spec.replicas");
            if (spec.containsKey("config")) {
                assertInstanceOf(Map.class, spec.get("config"), describe(topic) + " spec.config");
            }
        }
    }

    // ---- names, labels, selectors

    @Test
    void everyComponentHasADeploymentThatSelectsItsOwnPodsWithTheRecommendedLabels() {
        List<String> components = new ArrayList<>();
        for (Deployment deployment : chart.all(Deployment.class)) {
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                    describe(deployment) + ": selector " + selector + " does not match its pod labels " + podLabels);
            assertRecommendedLabels(describe(deployment), deployment.getMetadata().getLabels());
            assertRecommendedLabels(describe(deployment) + " pod template", podLabels);
            assertEquals(podLabels.get(COMPONENT_LABEL), selector.get(COMPONENT_LABEL),
                    describe(deployment) + ": the selector must include the component label");
            components.add(podLabels.get(COMPONENT_LABEL));
        }
        assertEquals(Component.ALL.stream().map(Component::name).sorted().toList(), components.stream().sorted().toList(),
                "one Deployment per component");
    }

    @Test
    void everyServiceSelectsExactlyOneDeploymentsPods() {
        for (Service service : chart.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Deployment> selected = selectedDeployments(selector);
            assertEquals(1, selected.size(), describe(service) + " with selector " + selector + " selects the pods of "
                    + selected.stream().map(HelmChartTest::describe).toList());
            Container container = onlyContainer(selected.getFirst());
            Set<String> containerPorts = container.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(containerPorts.contains(port.getTargetPort().getStrVal()),
                        describe(service) + " port " + port.getName() + " targets " + port.getTargetPort()
                                + ", not a named port of " + describe(selected.getFirst()) + " " + containerPorts);
            }
            assertEquals(Set.of("http", MANAGEMENT_PORT_NAME),
                    service.getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet()),
                    describe(service) + " ports: the API and, for scraping, the management interface");
        }
    }

    @Test
    void everyAutoscalerTargetsADeploymentAndEveryBudgetSelectsOne() {
        for (HorizontalPodAutoscaler autoscaler : chart.all(HorizontalPodAutoscaler.class)) {
            CrossVersionObjectReference target = autoscaler.getSpec().getScaleTargetRef();
            assertEquals("apps/v1", target.getApiVersion(), describe(autoscaler) + " target apiVersion");
            assertEquals("Deployment", target.getKind(), describe(autoscaler) + " target kind");
            assertTrue(chart.find(Deployment.class, target.getName()).isPresent(),
                    describe(autoscaler) + " targets Deployment " + target.getName() + ", which the chart does not render");
            assertTrue(autoscaler.getSpec().getMinReplicas() <= autoscaler.getSpec().getMaxReplicas(),
                    describe(autoscaler) + " minReplicas > maxReplicas");
        }
        for (PodDisruptionBudget budget : chart.all(PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertEquals(1, selectedDeployments(selector).size(),
                    describe(budget) + " with selector " + selector + " must select the pods of exactly one Deployment");
            assertTrue(budget.getSpec().getMinAvailable() != null ^ budget.getSpec().getMaxUnavailable() != null,
                    describe(budget) + " must say minAvailable or maxUnavailable, not both");
        }
    }

    @Test
    void ingressRoutesEveryPathToTheGateway() {
        List<Ingress> ingresses = chart.all(Ingress.class);
        assertEquals(1, ingresses.size(), "one Ingress");
        Ingress ingress = ingresses.getFirst();
        Service gateway = chart.get(Service.class, RenderedChart.objectName(Component.GATEWAY));

        List<IngressRule> rules = ingress.getSpec().getRules();
        assertEquals(1, rules.size(), describe(ingress) + " rules");
        assertEquals("2fa.example.com", rules.getFirst().getHost(), "the host of publicBaseUrl");
        List<HTTPIngressPath> paths = rules.getFirst().getHttp().getPaths();
        assertEquals(1, paths.size(), describe(ingress) + " paths");
        HTTPIngressPath path = paths.getFirst();
        assertEquals("/", path.getPath(), "every path: the gateway routes");
        assertEquals("Prefix", path.getPathType());
        assertEquals(gateway.getMetadata().getName(), path.getBackend().getService().getName(), "the backend is the gateway's Service");
        String port = path.getBackend().getService().getPort().getName();
        assertTrue(gateway.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)),
                "the gateway's Service has no port named " + port);
        assertEquals(List.of("2fa.example.com"), ingress.getSpec().getTls().getFirst().getHosts(), "TLS for the host");
    }

    // ---- pods

    @Test
    void everyProbeAsksTheManagementPort() {
        for (Deployment deployment : chart.all(Deployment.class)) {
            Container container = onlyContainer(deployment);
            ContainerPort management = container.getPorts().stream()
                    .filter(port -> MANAGEMENT_PORT_NAME.equals(port.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(describe(deployment) + " has no container port named management"));
            assertEquals(MANAGEMENT_PORT, management.getContainerPort().intValue(), describe(deployment) + " management port");
            assertProbe(describe(deployment) + " startupProbe", container.getStartupProbe(), "/q/health/started");
            assertProbe(describe(deployment) + " livenessProbe", container.getLivenessProbe(), "/q/health/live");
            assertProbe(describe(deployment) + " readinessProbe", container.getReadinessProbe(), "/q/health/ready");
            ContainerPort http = container.getPorts().stream()
                    .filter(port -> "http".equals(port.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(describe(deployment) + " has no container port named http"));
            assertEquals(HTTP_PORT, http.getContainerPort().intValue(), describe(deployment) + " http port");
        }
    }

    @Test
    void containersRunAsTheImagesUserOnAReadOnlyFilesystem() {
        for (Deployment deployment : chart.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = describe(deployment);
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertNotNull(podSecurity, name + " pod securityContext");
            assertEquals(Boolean.TRUE, podSecurity.getRunAsNonRoot(), name + " pod runAsNonRoot");
            assertEquals(RUNTIME_USER, podSecurity.getRunAsUser(), name + " pod runAsUser");
            assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), name + " pod seccompProfile");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + ": no API token in the pods");

            Container container = onlyContainer(deployment);
            SecurityContext security = container.getSecurityContext();
            assertNotNull(security, name + " container securityContext");
            assertEquals(Boolean.TRUE, security.getRunAsNonRoot(), name + " runAsNonRoot");
            assertEquals(RUNTIME_USER, security.getRunAsUser(), name + " runAsUser");
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), name + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), name + " allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), name + " capabilities.drop");
            assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), name + " seccompProfile");

            // the one writable place: /tmp, an emptyDir of the pod
            VolumeMount tmp = container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/tmp"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " mounts nothing on /tmp"));
            Volume volume = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals(tmp.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no volume " + tmp.getName()));
            assertNotNull(volume.getEmptyDir(), name + ": /tmp must be an emptyDir");
        }
    }

    @Test
    void everyComponentGetsEverySettingItNeeds() {
        Map<String, List<RequiredSettings.Requirement>> unmet = new TreeMap<>();
        for (Deployment deployment : chart.all(Deployment.class)) {
            Component component = component(deployment);
            Set<String> provided = providedVariables(onlyContainer(deployment));
            List<RequiredSettings.Requirement> missing = RequiredSettings.unmet(
                    RequiredSettings.of(component, RequiredSettings.NotifierProvider.TWILIO), provided);
            if (!missing.isEmpty()) {
                unmet.put(component.name(), missing);
            }
        }
        assertEquals(Map.of(), unmet, "settings a component needs (RequiredSettings) that its Deployment does not provide");
    }

    @Test
    void everySecretReferenceNamesAKeyOfTheChartsSecret() {
        List<Secret> secrets = chart.all(Secret.class);
        assertEquals(1, secrets.size(), "the chart's one Secret");
        Set<String> keys = secretKeys(secrets.getFirst());
        for (Deployment deployment : chart.all(Deployment.class)) {
            for (EnvVar env : onlyContainer(deployment).getEnv()) {
                SecretKeySelector reference = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                if (reference == null) {
                    continue;
                }
                assertEquals(secrets.getFirst().getMetadata().getName(), reference.getName(),
                        describe(deployment) + " " + env.getName() + " reads another Secret");
                assertTrue(keys.contains(reference.getKey()), describe(deployment) + " " + env.getName()
                        + " reads key " + reference.getKey() + ", which the chart's Secret does not have: " + keys);
            }
        }
    }

    @Test
    void theGatewayFindsEveryServiceThroughItsService() {
        Map<String, String> gateway = configMap(Component.GATEWAY);
        for (Component service : Component.BEHIND_GATEWAY) {
            String serviceName = RenderedChart.objectName(service);
            assertEquals("http://" + serviceName + ":" + HTTP_PORT, gateway.get(service.gatewayUrlVariable()),
                    "the gateway's " + service.gatewayUrlVariable());
            Service kubernetesService = chart.get(Service.class, serviceName);
            assertTrue(kubernetesService.getSpec().getPorts().stream().anyMatch(port -> port.getPort() != null && port.getPort() == HTTP_PORT),
                    describe(kubernetesService) + " has no port " + HTTP_PORT);
            assertEquals(service.name(), kubernetesService.getSpec().getSelector().get(COMPONENT_LABEL),
                    describe(kubernetesService) + " selects another component");
        }
    }

    // ---- Kafka

    @Test
    void everyPlatformTopicIsAKafkaTopicWithItsSettings() {
        PlatformTopics platform = PlatformTopics.read();
        List<GenericKubernetesResource> topics = chart.custom(KAFKA_TOPIC_API, KAFKA_TOPIC);
        Map<String, Map<String, Object>> specs = new TreeMap<>();
        for (GenericKubernetesResource topic : topics) {
            assertEquals("latchkey", topic.getMetadata().getLabels().get("strimzi.io/cluster"),
                    describe(topic) + " label strimzi.io/cluster");
            specs.put((String) spec(topic).get("topicName"), spec(topic));
        }

        assertEquals(new TreeSet<>(platform.everyTopic()), specs.keySet(),
                "KafkaTopics against " + PlatformTopics.SOURCE + " (ALL and DEAD_LETTERS)");

        int largestServiceInstances = Component.SERVICES.stream().mapToInt(HelmChartTest::maxInstances).max().orElseThrow();
        for (Map.Entry<String, Map<String, Object>> topic : specs.entrySet()) {
            int partitions = (Integer) topic.getValue().get("partitions");
            assertTrue(partitions >= largestServiceInstances, "topic " + topic.getKey() + " has " + partitions
                    + " partitions, fewer than the " + largestServiceInstances + " instances a service may run");
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) topic.getValue().getOrDefault("config", Map.of());
            boolean compacted = "compact".equals(config.get("cleanup.policy"));
            assertEquals(platform.compacted().contains(topic.getKey()), compacted, "topic " + topic.getKey() + " compaction");
            // with acks=all, an acknowledged event is on two of the three replicas (docs/operations.md "Durability")
            assertEquals("2", String.valueOf(config.get("min.insync.replicas")), "topic " + topic.getKey() + " min.insync.replicas");
        }
    }

    @Test
    void everyDeadLetterTopicAConsumerWritesToIsDeclared() {
        Set<String> declared = chart.custom(KAFKA_TOPIC_API, KAFKA_TOPIC).stream()
                .map(topic -> (String) spec(topic).get("topicName"))
                .collect(Collectors.toSet());
        Set<String> configured = PlatformTopics.configuredDeadLetterTopics();

        assertTrue(configured.containsAll(List.of("users.dead-letter", "push-service.webhook-events.dead-letter")),
                "the consumers' dead-letter topics were not found in the services' settings: " + configured);
        assertTrue(declared.containsAll(configured), "dead-letter topics the consumers write to without a KafkaTopic: "
                + configured.stream().filter(topic -> !declared.contains(topic)).toList());
    }

    @Test
    void servicesUseTheStrimziBootstrapAndCreateTopicsLikeTheTopicOperator() {
        Map<String, Object> anyTopic = spec(chart.custom(KAFKA_TOPIC_API, KAFKA_TOPIC).getFirst());
        for (Component service : Component.SERVICES) {
            Map<String, String> config = configMap(service);
            assertEquals("latchkey-kafka-bootstrap:9092", config.get("KAFKA_BOOTSTRAP_SERVERS"), service.name());
            // a service that starts before the Topic Operator created a topic creates it itself (TopicsInitializer)
            assertEquals(String.valueOf(anyTopic.get("partitions")), config.get("LATCHKEY_TOPICS_PARTITIONS"), service.name());
            assertEquals(String.valueOf(anyTopic.get("replicas")), config.get("LATCHKEY_TOPICS_REPLICATION_FACTOR"), service.name());
        }
    }

    // ---- PostgreSQL

    @Test
    void externalDatabasesAreOnePerService() {
        Set<String> urls = new TreeSet<>();
        for (Component service : Component.SERVICES) {
            String url = configMap(service).get("QUARKUS_DATASOURCE_JDBC_URL");
            assertTrue(url != null && url.startsWith("jdbc:postgresql://postgres.example.internal:5432/latchkey_"),
                    service.name() + " JDBC URL " + url);
            urls.add(url);
        }
        assertEquals(Component.SERVICES.size(), urls.size(), "no two services share a database: " + urls);
    }

    @Test
    void withCloudNativePgEveryServiceHasItsOwnClusterAndConnectsToIt() {
        RenderedChart cnpg = RenderedChart.render(RenderedChart.CLOUDNATIVEPG_VALUES);
        List<GenericKubernetesResource> clusters = cnpg.custom(CNPG_API, CNPG_CLUSTER);
        assertEquals(Component.SERVICES.size(), clusters.size(), "one CloudNativePG Cluster per service");
        assertTrue(cnpg.all(Secret.class).isEmpty(), "secrets.existingSecret: the chart renders no Secret");

        Map<String, GenericKubernetesResource> byName = clusters.stream()
                .collect(Collectors.toMap(cluster -> cluster.getMetadata().getName(), cluster -> cluster));
        for (GenericKubernetesResource cluster : clusters) {
            Map<String, Object> spec = spec(cluster);
            assertKeysWithin(Set.of("instances", "imageName", "storage", "bootstrap", "resources"), spec, describe(cluster) + " spec");
            assertEquals(2, spec.get("instances"), describe(cluster) + " instances (ci/cloudnativepg-values.yaml)");
            assertKeysWithin(Set.of("size", "storageClass"), map(spec.get("storage")), describe(cluster) + " spec.storage");
            assertEquals(Set.of("initdb"), map(spec.get("bootstrap")).keySet(), describe(cluster) + " spec.bootstrap");
            assertEquals(Set.of("database", "owner"), map(map(spec.get("bootstrap")).get("initdb")).keySet(),
                    describe(cluster) + " spec.bootstrap.initdb");
        }

        Set<String> provided = new TreeSet<>();
        for (Component service : Component.SERVICES) {
            Deployment deployment = cnpg.get(Deployment.class, RenderedChart.objectName(service));
            Container container = onlyContainer(deployment);
            String url = cnpg.get(ConfigMap.class, RenderedChart.objectName(service)).getData().get("QUARKUS_DATASOURCE_JDBC_URL");
            String clusterName = url == null ? "" : url.replaceFirst("^jdbc:postgresql://(.+)-rw:5432/.*$", "$1");
            GenericKubernetesResource cluster = byName.get(clusterName);
            assertNotNull(cluster, service.name() + " JDBC URL " + url + " names no rendered Cluster's -rw Service " + byName.keySet());
            String database = (String) map(map(spec(cluster).get("bootstrap")).get("initdb")).get("database");
            assertEquals("jdbc:postgresql://" + clusterName + "-rw:5432/" + database, url, service.name() + " JDBC URL");

            Map<String, SecretKeySelector> references = new HashMap<>();
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    references.put(env.getName(), env.getValueFrom().getSecretKeyRef());
                }
            }
            assertSecretKey(clusterName + "-app", "username", references.get("QUARKUS_DATASOURCE_USERNAME"), service.name());
            assertSecretKey(clusterName + "-app", "password", references.get("QUARKUS_DATASOURCE_PASSWORD"), service.name());
            provided.add(clusterName);

            Set<RequiredSettings.Requirement> required = RequiredSettings.of(service, RequiredSettings.NotifierProvider.LOCAL);
            assertEquals(List.of(), RequiredSettings.unmet(required, providedVariables(cnpg, container)),
                    service.name() + ": settings not provided with postgres.mode cloudnativepg");
        }
        assertEquals(byName.keySet(), provided, "every Cluster is some service's database");
        assertEquals("/tmp/latchkey-outbox.jsonl",
                cnpg.get(ConfigMap.class, RenderedChart.objectName(Component.named("notifier-service"))).getData().get("LATCHKEY_OUTBOX_FILE"),
                "the local notifier writes to the writable /tmp volume");
    }

    // ---- helpers

    private static Path copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(RenderedChart.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }

    private static void assertRecommendedLabels(String what, Map<String, String> labels) {
        assertEquals("latchkey", labels.get("app.kubernetes.io/name"), what + " app.kubernetes.io/name");
        assertEquals(RenderedChart.RELEASE, labels.get("app.kubernetes.io/instance"), what + " app.kubernetes.io/instance");
        assertEquals("latchkey", labels.get("app.kubernetes.io/part-of"), what + " app.kubernetes.io/part-of");
        assertEquals("Helm", labels.get("app.kubernetes.io/managed-by"), what + " app.kubernetes.io/managed-by");
        assertTrue(labels.getOrDefault("app.kubernetes.io/version", "").matches("\\S+"), what + " app.kubernetes.io/version");
        assertTrue(labels.getOrDefault("helm.sh/chart", "").startsWith("latchkey-"), what + " helm.sh/chart");
        assertTrue(Component.ALL.stream().anyMatch(c -> c.name().equals(labels.get(COMPONENT_LABEL))),
                what + " app.kubernetes.io/component " + labels.get(COMPONENT_LABEL));
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertNotNull(probe, what);
        assertNotNull(probe.getHttpGet(), what + " must be an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), what + " path");
        assertEquals(MANAGEMENT_PORT_NAME, probe.getHttpGet().getPort().getStrVal(), what + " port");
    }

    private static void assertSecretKey(String secret, String key, SecretKeySelector reference, String what) {
        assertNotNull(reference, what + ": no environment variable reads " + secret + "/" + key);
        assertEquals(secret, reference.getName(), what + " reads the database's " + key + " from");
        assertEquals(key, reference.getKey(), what + " key in " + secret);
    }

    private static void assertKeysWithin(Set<String> allowed, Map<String, Object> actual, String what) {
        Set<String> unknown = new TreeSet<>(actual.keySet());
        unknown.removeAll(allowed);
        assertEquals(Set.of(), unknown, what + ": fields outside " + new TreeSet<>(allowed));
    }

    private static List<Deployment> selectedDeployments(Map<String, String> selector) {
        return chart.all(Deployment.class).stream()
                .filter(deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                        .containsAll(selector.entrySet()))
                .toList();
    }

    private static Container onlyContainer(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), describe(deployment) + " containers");
        return containers.getFirst();
    }

    private static Component component(Deployment deployment) {
        return Component.named(deployment.getSpec().getTemplate().getMetadata().getLabels().get(COMPONENT_LABEL));
    }

    private static int maxInstances(Component component) {
        String name = RenderedChart.objectName(component);
        return chart.find(HorizontalPodAutoscaler.class, name)
                .map(autoscaler -> autoscaler.getSpec().getMaxReplicas())
                .orElseGet(() -> chart.get(Deployment.class, name).getSpec().getReplicas());
    }

    private static Map<String, String> configMap(Component component) {
        return chart.get(ConfigMap.class, RenderedChart.objectName(component)).getData();
    }

    private static Set<String> providedVariables(Container container) {
        return providedVariables(chart, container);
    }

    /**
     * The variables a container gets: its env entries (a non-empty value or a reference) and the non-empty keys of
     * the ConfigMaps and Secrets it takes whole (envFrom), as rendered.
     */
    private static Set<String> providedVariables(RenderedChart rendered, Container container) {
        Set<String> provided = new TreeSet<>();
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null || (env.getValue() != null && !env.getValue().isEmpty())) {
                provided.add(env.getName());
            }
        }
        for (EnvFromSource source : container.getEnvFrom()) {
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            if (source.getConfigMapRef() != null) {
                rendered.get(ConfigMap.class, source.getConfigMapRef().getName()).getData().forEach((key, value) -> {
                    if (value != null && !value.isEmpty()) {
                        provided.add(prefix + key);
                    }
                });
            }
            if (source.getSecretRef() != null) {
                secretKeys(rendered.get(Secret.class, source.getSecretRef().getName()))
                        .forEach(key -> provided.add(prefix + key));
            }
        }
        return provided;
    }

    private static Set<String> secretKeys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        if (spec == null) {
            fail(describe(resource) + " has no spec");
        }
        return map(spec);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertInstanceOf(Map.class, value, "expected a YAML object");
        return (Map<String, Object>) value;
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
