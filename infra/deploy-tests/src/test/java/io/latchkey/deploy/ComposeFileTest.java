package io.latchkey.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * infra/docker-compose.yml, read as YAML: every component builds from the one Dockerfile, waits for what it needs,
 * reports its health and gets every setting RequiredSettings names.
 */
class ComposeFileTest {

    private static final String COMPOSE_FILE = "infra/docker-compose.yml";
    /** Relative paths in the compose file are relative to its directory. */
    private static final Path COMPOSE_DIR = ProjectFiles.path("infra");
    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres", "keycloak");
    private static final String HEALTHY = "service_healthy";
    private static final String REALM_IMPORT_DIR = "/opt/keycloak/data/import";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+(\\w+)");

    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        JsonNode compose = ProjectFiles.YAML.readTree(ProjectFiles.path(COMPOSE_FILE).toFile());
        services = compose.path("services");
        assertTrue(services.isObject(), COMPOSE_FILE + " has no services");
    }

    @Test
    void everyComponentIsBuiltFromTheOneDockerfileWithItsModule() {
        for (Component component : Component.ALL) {
            JsonNode build = service(component.name()).path("build");
            assertTrue(build.isObject(), component.name() + " has no build section");
            Path context = COMPOSE_DIR.resolve(build.path("context").asText()).normalize();
            assertEquals(ProjectFiles.root(), context, component.name() + " build context: the repository root");
            assertEquals(ContainerImage.DOCKERFILE, build.path("dockerfile").asText(), component.name() + " dockerfile");
            assertTrue(Files.isRegularFile(context.resolve(build.path("dockerfile").asText())),
                    component.name() + " dockerfile does not exist");
            String module = build.path("args").path("MODULE").asText();
            assertEquals(component.module(), module, component.name() + " build arg MODULE");
            assertTrue(Files.isRegularFile(context.resolve(module).resolve("pom.xml")),
                    component.name() + " MODULE " + module + " is not a module directory");
        }
    }

    @Test
    void everyContainerReportsItsHealth() {
        for (String name : INFRASTRUCTURE) {
            assertTrue(service(name).path("healthcheck").path("test").isArray(), name + " has no healthcheck");
        }
        for (Component component : Component.ALL) {
            List<String> test = strings(service(component.name()).path("healthcheck").path("test"));
            assertTrue(test.contains("http://localhost:9000/q/health/ready"),
                    component.name() + " healthcheck must ask readiness on the management port (9000): " + test);
        }
    }

    @Test
    void servicesStartOnceTheInfrastructureIsHealthyAndTheGatewayOnceTheServicesAre() {
        for (Component service : Component.SERVICES) {
            for (String dependency : INFRASTRUCTURE) {
                assertEquals(HEALTHY, service(service.name()).path("depends_on").path(dependency).path("condition").asText(),
                        service.name() + " depends_on " + dependency + " condition");
            }
        }
        for (Component service : Component.SERVICES) {
            assertEquals(HEALTHY, service("gateway").path("depends_on").path(service.name()).path("condition").asText(),
                    "gateway depends_on " + service.name() + " condition");
        }
    }

    @Test
    void everyComponentGetsEverySettingItNeeds() {
        Map<String, String> image = ContainerImage.read().environment();
        Map<String, List<RequiredSettings.Requirement>> unmet = new TreeMap<>();
        for (Component component : Component.ALL) {
            Map<String, String> provided = new LinkedHashMap<>(image);
            environment(component.name()).forEach((key, value) -> {
                if (!value.isEmpty()) {
                    provided.put(key, value);
                }
            });
            List<RequiredSettings.Requirement> missing = RequiredSettings.unmet(
                    RequiredSettings.of(component, RequiredSettings.NotifierProvider.LOCAL), provided.keySet());
            if (!missing.isEmpty()) {
                unmet.put(component.name(), missing);
            }
        }
        assertEquals(Map.of(), unmet, "settings a component needs (RequiredSettings) that neither compose nor the image gives");
    }

    @Test
    void theNotifierWritesItsOutboxFileToAVolume() {
        Map<String, String> environment = environment("notifier-service");
        assertEquals("local", environment.get("LATCHKEY_NOTIFIER_PROVIDER"), "compose sends nothing");
        String directory = Path.of(environment.get("LATCHKEY_OUTBOX_FILE")).getParent().toString();
        List<String> volumes = strings(service("notifier-service").path("volumes"));
        assertTrue(volumes.stream().anyMatch(volume -> volume.endsWith(":" + directory)),
                "a volume on " + directory + " keeps the outbox file: " + volumes);
    }

    @Test
    void theGatewaysServiceUrlsNameTheServices() {
        Map<String, String> gateway = environment("gateway");
        for (Component service : Component.BEHIND_GATEWAY) {
            String url = gateway.get(service.gatewayUrlVariable());
            assertNotNull(url, "gateway " + service.gatewayUrlVariable());
            URI uri = URI.create(url);
            assertEquals(service.name(), uri.getHost(), "gateway " + service.gatewayUrlVariable() + " names another compose service");
            assertTrue(services.has(uri.getHost()), "gateway " + service.gatewayUrlVariable() + ": no compose service " + uri.getHost());
            assertEquals(ContainerImage.read().environment().get("QUARKUS_HTTP_PORT"), String.valueOf(uri.getPort()),
                    "gateway " + service.gatewayUrlVariable() + " port: the image's QUARKUS_HTTP_PORT");
        }
    }

    @Test
    void servicesBelieveForwardedHeadersFromTheGatewayOnly() {
        String gatewayAddress = service("gateway").path("networks").path("default").path("ipv4_address").asText();
        assertFalse(gatewayAddress.isEmpty(), "the gateway needs a fixed address to be trusted by");
        for (Component service : Component.BEHIND_GATEWAY) {
            assertEquals(gatewayAddress, environment(service.name()).get("LATCHKEY_TRUSTED_PROXIES"),
                    service.name() + " LATCHKEY_TRUSTED_PROXIES");
        }
    }

    @Test
    void keycloakImportsTheCommittedRealmWithItsPlaceholdersSet() {
        JsonNode keycloak = service("keycloak");
        assertTrue(strings(keycloak.path("command")).contains("--import-realm"), "keycloak command: " + keycloak.path("command"));
        Path realmDir = mountedHostPath(keycloak, REALM_IMPORT_DIR);
        Path realm = realmDir.resolve("latchkey-realm.json");
        assertTrue(Files.isRegularFile(realm), "no realm file at " + realm);

        Matcher placeholders = PLACEHOLDER.matcher(ProjectFiles.read(realm));
        Set<String> needed = new TreeSet<>();
        while (placeholders.find()) {
            needed.add(placeholders.group(1));
        }
        assertFalse(needed.isEmpty(), "the realm file's admin password is a ${...} placeholder");
        assertTrue(environment("keycloak").keySet().containsAll(needed),
                "keycloak replaces " + needed + " from its environment: " + environment("keycloak").keySet());
    }

    @Test
    void postgresCreatesTheDatabaseOfEveryService() {
        Path script = mountedHostPath(service("postgres"), "/docker-entrypoint-initdb.d/postgres-init.sql");
        Set<String> created = new TreeSet<>();
        Matcher create = CREATE_DATABASE.matcher(ProjectFiles.read(script));
        while (create.find()) {
            created.add(create.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (Component service : Component.SERVICES) {
            String url = environment(service.name()).get("QUARKUS_DATASOURCE_JDBC_URL");
            assertTrue(url.startsWith("jdbc:postgresql://postgres:5432/"), service.name() + " JDBC URL " + url);
            used.add(url.substring(url.lastIndexOf('/') + 1));
        }
        assertEquals(Component.SERVICES.size(), used.size(), "one database per service: " + used);
        assertEquals(used, created, script + " creates the services' databases");
    }

    @Test
    void theGatewayAndKeycloakArePublished() {
        assertEquals(List.of("8080:8080"), strings(service("gateway").path("ports")), "gateway ports");
        assertEquals(List.of("8180:8080"), strings(service("keycloak").path("ports")), "keycloak ports");
    }

    // ---- helpers

    private static JsonNode service(String name) {
        JsonNode service = services.path(name);
        assertTrue(service.isObject(), COMPOSE_FILE + " has no service " + name);
        return service;
    }

    /** A service's environment, in either of compose's forms (a map, or a list of KEY=VALUE). */
    private static Map<String, String> environment(String name) {
        JsonNode environment = service(name).path("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment.isObject()) {
            for (Map.Entry<String, JsonNode> variable : environment.properties()) {
                variables.put(variable.getKey(), variable.getValue().isNull() ? "" : variable.getValue().asText());
            }
        } else {
            for (String entry : strings(environment)) {
                int equals = entry.indexOf('=');
                variables.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
            }
        }
        return variables;
    }

    /** The host directory or file a service mounts (short syntax HOST:CONTAINER[:MODE]) at a container path. */
    private static Path mountedHostPath(JsonNode service, String containerPath) {
        for (String volume : strings(service.path("volumes"))) {
            String[] parts = volume.split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath)) {
                return COMPOSE_DIR.resolve(parts[0]).normalize();
            }
        }
        throw new AssertionError("nothing is mounted at " + containerPath + ": " + service.path("volumes"));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> values.add(element.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return values;
    }
}
